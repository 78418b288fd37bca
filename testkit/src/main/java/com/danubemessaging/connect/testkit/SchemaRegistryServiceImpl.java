package com.danubemessaging.connect.testkit;

import com.danubemessaging.connect.proto.schema.CheckCompatibilityRequest;
import com.danubemessaging.connect.proto.schema.CheckCompatibilityResponse;
import com.danubemessaging.connect.proto.schema.ConfigureTopicSchemaRequest;
import com.danubemessaging.connect.proto.schema.ConfigureTopicSchemaResponse;
import com.danubemessaging.connect.proto.schema.DeleteSchemaVersionRequest;
import com.danubemessaging.connect.proto.schema.DeleteSchemaVersionResponse;
import com.danubemessaging.connect.proto.schema.GetLatestSchemaRequest;
import com.danubemessaging.connect.proto.schema.GetSchemaRequest;
import com.danubemessaging.connect.proto.schema.GetSchemaResponse;
import com.danubemessaging.connect.proto.schema.GetTopicSchemaConfigRequest;
import com.danubemessaging.connect.proto.schema.GetTopicSchemaConfigResponse;
import com.danubemessaging.connect.proto.schema.ListSubjectsRequest;
import com.danubemessaging.connect.proto.schema.ListSubjectsResponse;
import com.danubemessaging.connect.proto.schema.ListVersionsRequest;
import com.danubemessaging.connect.proto.schema.ListVersionsResponse;
import com.danubemessaging.connect.proto.schema.RegisterSchemaRequest;
import com.danubemessaging.connect.proto.schema.RegisterSchemaResponse;
import com.danubemessaging.connect.proto.schema.SchemaRegistryGrpc;
import com.danubemessaging.connect.proto.schema.SetCompatibilityModeRequest;
import com.danubemessaging.connect.proto.schema.SetCompatibilityModeResponse;
import com.danubemessaging.connect.proto.schema.UpdateTopicValidationPolicyRequest;
import com.danubemessaging.connect.proto.schema.UpdateTopicValidationPolicyResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** {@code danube_schema.SchemaRegistry}. */
final class SchemaRegistryServiceImpl extends SchemaRegistryGrpc.SchemaRegistryImplBase {

    private final SchemaRegistryStore store;
    private final Rbac rbac;

    SchemaRegistryServiceImpl(SchemaRegistryStore store, Rbac rbac) {
        this.store = store;
        this.rbac = rbac;
    }

    /** Every registry call needs ManageSchema ({@code schema_registry_handler.rs}), on the subject or the cluster. */
    private void requireOnSubject(String subject) {
        rbac.enforce(Rbac.Resource.schemaSubject(subject), Permission.MANAGE_SCHEMA);
    }

    private void requireOnTopic(String topic) {
        rbac.enforce(Rbac.Resource.topic(topic), Permission.MANAGE_SCHEMA);
    }

    private void requireOnCluster() {
        rbac.enforce(Rbac.Resource.CLUSTER, Permission.MANAGE_SCHEMA);
    }

    @Override
    public void registerSchema(RegisterSchemaRequest request, StreamObserver<RegisterSchemaResponse> observer) {
        Calls.unary(observer, () -> {
            requireOnSubject(request.getSubject());
            return store.register(request);
        });
    }

    @Override
    public void getSchema(GetSchemaRequest request, StreamObserver<GetSchemaResponse> observer) {
        Calls.unary(observer, () -> {
            requireOnCluster();
            return store.get(request.getSchemaId(), request.hasVersion() ? request.getVersion() : null);
        });
    }

    @Override
    public void getLatestSchema(GetLatestSchemaRequest request, StreamObserver<GetSchemaResponse> observer) {
        Calls.unary(observer, () -> {
            requireOnSubject(request.getSubject());
            return store.latest(request.getSubject());
        });
    }

    @Override
    public void listVersions(ListVersionsRequest request, StreamObserver<ListVersionsResponse> observer) {
        Calls.unary(observer, () -> {
            requireOnSubject(request.getSubject());
            return ListVersionsResponse.newBuilder().addAllVersions(store.versions(request.getSubject())).build();
        });
    }

    @Override
    public void checkCompatibility(CheckCompatibilityRequest request,
                                   StreamObserver<CheckCompatibilityResponse> observer) {
        Calls.unary(observer, () -> {
            requireOnSubject(request.getSubject());
            List<String> errors = store.compatibilityErrors(request.getSubject(), request.getSchemaType(),
                    request.getNewSchemaDefinition().toByteArray(),
                    request.hasCompatibilityMode() ? request.getCompatibilityMode() : null);
            return CheckCompatibilityResponse.newBuilder().setIsCompatible(errors.isEmpty())
                    .addAllErrors(errors).build();
        });
    }

    @Override
    public void deleteSchemaVersion(DeleteSchemaVersionRequest request,
                                    StreamObserver<DeleteSchemaVersionResponse> observer) {
        Calls.unary(observer, () -> {
            requireOnSubject(request.getSubject());
            return DeleteSchemaVersionResponse.newBuilder().setSuccess(true)
                    .setMessage(store.deleteVersion(request.getSubject(), request.getVersion())).build();
        });
    }

    @Override
    public void setCompatibilityMode(SetCompatibilityModeRequest request,
                                     StreamObserver<SetCompatibilityModeResponse> observer) {
        Calls.unary(observer, () -> {
            requireOnSubject(request.getSubject());
            store.setCompatibilityMode(request.getSubject(), request.getCompatibilityMode());
            return SetCompatibilityModeResponse.newBuilder().setSuccess(true)
                    .setMessage("Set compatibility mode to " + request.getCompatibilityMode() + " for subject "
                            + request.getSubject()).build();
        });
    }

    @Override
    public void configureTopicSchema(ConfigureTopicSchemaRequest request,
                                     StreamObserver<ConfigureTopicSchemaResponse> observer) {
        Calls.unary(observer, () -> {
            requireOnTopic(request.getTopicName());
            store.configureTopic(request.getTopicName(), request.getSchemaSubject(),
                    request.getValidationPolicy(), request.getEnablePayloadValidation());
            return ConfigureTopicSchemaResponse.newBuilder().setSuccess(true)
                    .setMessage("topic " + request.getTopicName() + " uses subject '"
                            + request.getSchemaSubject() + "'").build();
        });
    }

    @Override
    public void updateTopicValidationPolicy(UpdateTopicValidationPolicyRequest request,
                                            StreamObserver<UpdateTopicValidationPolicyResponse> observer) {
        Calls.unary(observer, () -> {
            requireOnTopic(request.getTopicName());
            store.updateValidationPolicy(request.getTopicName(), request.getValidationPolicy(),
                    request.getEnablePayloadValidation());
            return UpdateTopicValidationPolicyResponse.newBuilder().setSuccess(true)
                    .setMessage("validation policy of " + request.getTopicName() + " set to "
                            + request.getValidationPolicy()).build();
        });
    }

    @Override
    public void getTopicSchemaConfig(GetTopicSchemaConfigRequest request,
                                     StreamObserver<GetTopicSchemaConfigResponse> observer) {
        Calls.unary(observer, () -> {
            requireOnTopic(request.getTopicName());
            SchemaRegistryStore.TopicSchemaConfig config = store.topicConfig(request.getTopicName());
            if (config == null) {
                throw Status.NOT_FOUND.withDescription("topic " + request.getTopicName()
                        + " has no schema configuration").asRuntimeException();
            }
            Long schemaId = store.schemaIdOf(config.subject());
            return GetTopicSchemaConfigResponse.newBuilder().setSchemaSubject(config.subject())
                    .setValidationPolicy(config.validationPolicy())
                    .setEnablePayloadValidation(config.payloadValidation())
                    .setSchemaId(schemaId == null ? 0 : schemaId).build();
        });
    }

    @Override
    public void listSubjects(ListSubjectsRequest request, StreamObserver<ListSubjectsResponse> observer) {
        Calls.unary(observer, () -> {
            requireOnCluster();
            return ListSubjectsResponse.newBuilder().addAllSubjects(store.summaries()).build();
        });
    }
}
