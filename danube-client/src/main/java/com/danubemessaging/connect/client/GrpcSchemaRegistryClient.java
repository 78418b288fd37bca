package com.danubemessaging.connect.client;

import com.danubemessaging.connect.proto.schema.GetLatestSchemaRequest;
import com.danubemessaging.connect.proto.schema.GetSchemaRequest;
import com.danubemessaging.connect.proto.schema.GetSchemaResponse;
import com.danubemessaging.connect.proto.schema.RegisterSchemaRequest;
import com.danubemessaging.connect.proto.schema.RegisterSchemaResponse;
import com.danubemessaging.connect.proto.schema.SchemaRegistryGrpc;
import com.google.protobuf.ByteString;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Schema-registry calls on the service URL, with deadlines and retries. */
final class GrpcSchemaRegistryClient implements SchemaRegistryClient {

    private final ClientContext context;

    GrpcSchemaRegistryClient(ClientContext context) {
        this.context = context;
    }

    private SchemaRegistryGrpc.SchemaRegistryBlockingStub stub() {
        return SchemaRegistryGrpc.newBlockingStub(context.serviceChannel())
                .withDeadlineAfter(context.rpcTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public RegisteredSchema register(String subject, String schemaType, byte[] definition) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schemaType, "schemaType");
        RegisterSchemaRequest request = RegisterSchemaRequest.newBuilder()
                .setSubject(subject)
                .setSchemaType(schemaType)
                .setSchemaDefinition(ByteString.copyFrom(definition == null ? new byte[0] : definition))
                .build();
        RegisterSchemaResponse r = context.withRetries("register schema subject '" + subject + "'", null,
                () -> stub().registerSchema(request));
        return new RegisteredSchema(r.getSchemaId(), r.getVersion(), r.getIsNewVersion(), r.getFingerprint());
    }

    @Override
    public SchemaInfo getSchema(long schemaId, Integer versionOrNull) {
        GetSchemaRequest.Builder request = GetSchemaRequest.newBuilder().setSchemaId(schemaId);
        if (versionOrNull != null) {
            request.setVersion(versionOrNull);
        }
        return toInfo(context.withRetries("get schema " + schemaId, null, () -> stub().getSchema(request.build())));
    }

    @Override
    public SchemaInfo getLatestSchema(String subject) {
        GetLatestSchemaRequest request = GetLatestSchemaRequest.newBuilder().setSubject(subject).build();
        return toInfo(context.withRetries("get latest schema of subject '" + subject + "'", null,
                () -> stub().getLatestSchema(request)));
    }

    /** The definition is the schema text, unwrapped from the registry's envelope ({@link SchemaEnvelope}). */
    private static SchemaInfo toInfo(GetSchemaResponse r) {
        return new SchemaInfo(r.getSchemaId(), r.getSubject(), r.getVersion(), r.getSchemaType(),
                SchemaEnvelope.unwrap(r.getSchemaDefinition().toByteArray()), r.getFingerprint());
    }
}
