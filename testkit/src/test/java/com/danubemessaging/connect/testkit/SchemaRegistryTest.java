package com.danubemessaging.connect.testkit;

import static com.danubemessaging.connect.testkit.RawClient.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.proto.ProducerRequest;
import com.danubemessaging.connect.proto.SchemaReference;
import com.danubemessaging.connect.proto.StreamMessage;
import com.danubemessaging.connect.proto.schema.CheckCompatibilityRequest;
import com.danubemessaging.connect.proto.schema.ConfigureTopicSchemaRequest;
import com.danubemessaging.connect.proto.schema.DeleteSchemaVersionRequest;
import com.danubemessaging.connect.proto.schema.GetLatestSchemaRequest;
import com.danubemessaging.connect.proto.schema.GetSchemaRequest;
import com.danubemessaging.connect.proto.schema.GetSchemaResponse;
import com.danubemessaging.connect.proto.schema.GetTopicSchemaConfigRequest;
import com.danubemessaging.connect.proto.schema.GetTopicSchemaConfigResponse;
import com.danubemessaging.connect.proto.schema.ListSubjectsRequest;
import com.danubemessaging.connect.proto.schema.ListVersionsRequest;
import com.danubemessaging.connect.proto.schema.RegisterSchemaRequest;
import com.danubemessaging.connect.proto.schema.RegisterSchemaResponse;
import com.danubemessaging.connect.proto.schema.SetCompatibilityModeRequest;
import com.danubemessaging.connect.proto.schema.UpdateTopicValidationPolicyRequest;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The schema registry service and schema rules on produce (danube-facts §1.5, §2.3, §2.8). */
class SchemaRegistryTest extends RawClientTestBase {

    @RegisterExtension
    static DanubeBrokerExtension danube = DanubeBrokerExtension.create();

    @Override
    DanubeTestBroker broker() {
        return danube.broker();
    }

    private RegisterSchemaResponse register(String subject, String type, String definition) {
        return client.schemas.registerSchema(RegisterSchemaRequest.newBuilder().setSubject(subject)
                .setSchemaType(type).setSchemaDefinition(ByteString.copyFromUtf8(definition))
                .setDescription("d").setCreatedBy("test").addTags("t1").build());
    }

    @Test
    void registerVersionsFingerprintsAndLookups() throws Exception {
        String v1 = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}}}";
        String v2 = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"n\":{\"type\":\"string\"}}}";
        RegisterSchemaResponse first = register("orders-value", "json_schema", v1);
        assertThat(first.getVersion()).isEqualTo(1);
        assertThat(first.getIsNewVersion()).isTrue();
        assertThat(first.getFingerprint()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(v1.getBytes(StandardCharsets.UTF_8))));

        RegisterSchemaResponse same = register("orders-value", "json_schema", v1);
        assertThat(same.getVersion()).isEqualTo(1);
        assertThat(same.getIsNewVersion()).isFalse();
        assertThat(same.getSchemaId()).isEqualTo(first.getSchemaId());

        RegisterSchemaResponse second = register("orders-value", "json_schema", v2);
        assertThat(second.getVersion()).isEqualTo(2);
        assertThat(second.getSchemaId()).as("schema_id names the subject").isEqualTo(first.getSchemaId());

        GetSchemaResponse latest = client.schemas.getLatestSchema(GetLatestSchemaRequest.newBuilder()
                .setSubject("orders-value").build());
        assertThat(latest.getVersion()).isEqualTo(2);
        assertThat(latest.getSchemaDefinition().toStringUtf8()).isEqualTo(v2);
        assertThat(latest.getSubject()).isEqualTo("orders-value");
        assertThat(latest.getSchemaType()).isEqualTo("json_schema");
        assertThat(latest.getTagsList()).containsExactly("t1");

        GetSchemaResponse pinned = client.schemas.getSchema(GetSchemaRequest.newBuilder()
                .setSchemaId(first.getSchemaId()).setVersion(1).build());
        assertThat(pinned.getSchemaDefinition().toStringUtf8()).isEqualTo(v1);
        assertThat(client.schemas.getSchema(GetSchemaRequest.newBuilder().setSchemaId(first.getSchemaId()).build())
                .getVersion()).isEqualTo(2);

        assertThat(client.schemas.listVersions(ListVersionsRequest.newBuilder().setSubject("orders-value").build())
                .getVersionsList()).extracting(v -> v.getVersion()).containsExactly(1, 2);
        assertThat(client.schemas.listSubjects(ListSubjectsRequest.getDefaultInstance()).getSubjectsList())
                .anySatisfy(s -> {
                    assertThat(s.getSubject()).isEqualTo("orders-value");
                    assertThat(s.getLatestVersion()).isEqualTo(2);
                });

        assertStatus(() -> client.schemas.getSchema(GetSchemaRequest.newBuilder().setSchemaId(99_999).build()),
                Status.Code.NOT_FOUND, null);
        assertStatus(() -> client.schemas.getSchema(GetSchemaRequest.newBuilder().setSchemaId(first.getSchemaId())
                .setVersion(9).build()), Status.Code.NOT_FOUND, null);
        assertStatus(() -> client.schemas.getLatestSchema(GetLatestSchemaRequest.newBuilder()
                .setSubject("nope").build()), Status.Code.NOT_FOUND, null);
        assertStatus(() -> register("orders-value", "avro", "{}"), Status.Code.INVALID_ARGUMENT, null);
        assertStatus(() -> register("x", "yaml", "{}"), Status.Code.INVALID_ARGUMENT, "unknown schema_type");
    }

    @Test
    void compatibilityModeIsStoredAndVersionsCanBeDeleted() {
        register("modes", "avro", "{\"type\":\"string\"}");
        register("modes", "avro", "{\"type\":\"long\"}");
        assertThat(client.schemas.getLatestSchema(GetLatestSchemaRequest.newBuilder().setSubject("modes").build())
                .getCompatibilityMode()).isEqualTo("backward");
        assertThat(client.schemas.setCompatibilityMode(SetCompatibilityModeRequest.newBuilder().setSubject("modes")
                .setCompatibilityMode("full").build()).getSuccess()).isTrue();
        assertThat(client.schemas.getLatestSchema(GetLatestSchemaRequest.newBuilder().setSubject("modes").build())
                .getCompatibilityMode()).isEqualTo("full");
        assertStatus(() -> client.schemas.setCompatibilityMode(SetCompatibilityModeRequest.newBuilder()
                .setSubject("modes").setCompatibilityMode("sideways").build()), Status.Code.INVALID_ARGUMENT, null);
        assertThat(client.schemas.checkCompatibility(CheckCompatibilityRequest.newBuilder().setSubject("modes")
                .setSchemaType("avro").setNewSchemaDefinition(ByteString.copyFromUtf8("{}")).build())
                .getIsCompatible()).isTrue();
        assertThat(client.schemas.checkCompatibility(CheckCompatibilityRequest.newBuilder().setSubject("modes")
                .setSchemaType("protobuf").setNewSchemaDefinition(ByteString.copyFromUtf8("{}")).build())
                .getIsCompatible()).isFalse();
        assertThat(client.schemas.deleteSchemaVersion(DeleteSchemaVersionRequest.newBuilder().setSubject("modes")
                .setVersion(2).build()).getSuccess()).isTrue();
        assertThat(client.schemas.getLatestSchema(GetLatestSchemaRequest.newBuilder().setSubject("modes").build())
                .getVersion()).isEqualTo(1);
    }

    @Test
    void producerSchemaReferenceRules() {
        register("payments-value", "json_schema", "{}");
        register("other-value", "json_schema", "{\"type\":\"object\"}");
        assertStatus(() -> producerWithSchema("/default/payments", "p0", "unregistered"),
                Status.Code.FAILED_PRECONDITION, "not registered");
        assertThat(danube.broker().topics()).doesNotContain("/default/payments");

        producerWithSchema("/default/payments", "p1", "payments-value");
        GetTopicSchemaConfigResponse config = client.schemas.getTopicSchemaConfig(GetTopicSchemaConfigRequest
                .newBuilder().setTopicName("/default/payments").build());
        assertThat(config.getSchemaSubject()).isEqualTo("payments-value");
        assertThat(config.getValidationPolicy()).isEqualTo("none");

        producerWithSchema("/default/payments", "p2", "payments-value");
        assertStatus(() -> producerWithSchema("/default/payments", "p3", "other-value"),
                Status.Code.FAILED_PRECONDITION, "Only admin can change topic schema");
    }

    @Test
    void validationPolicyIsAppliedOnPublish() {
        RegisterSchemaResponse schema = register("events-value", "json_schema", "{\"type\":\"object\"}");
        RegisterSchemaResponse foreign = register("foreign-value", "json_schema", "{\"type\":\"array\"}");
        String topic = "/default/events";
        long producer = client.reliableProducer(topic, "p");
        client.schemas.configureTopicSchema(ConfigureTopicSchemaRequest.newBuilder().setTopicName(topic)
                .setSchemaSubject("events-value").setValidationPolicy("warn").build());
        client.send(producer, topic, "p", "no schema id, only a warning");

        client.schemas.updateTopicValidationPolicy(UpdateTopicValidationPolicyRequest.newBuilder()
                .setTopicName(topic).setValidationPolicy("enforce").setEnablePayloadValidation(true).build());
        assertStatus(() -> client.send(producer, topic, "p", "{}"), Status.Code.PERMISSION_DENIED,
                "Unable to publish the message");
        assertStatus(() -> sendWithSchema(producer, topic, foreign.getSchemaId(), "{}"),
                Status.Code.PERMISSION_DENIED, "does not belong");
        assertStatus(() -> sendWithSchema(producer, topic, schema.getSchemaId(), "not json"),
                Status.Code.PERMISSION_DENIED, "not valid JSON");
        sendWithSchema(producer, topic, schema.getSchemaId(), "{\"ok\":true}");
        assertThat(danube.broker().messageCount(topic)).isEqualTo(2);

        assertStatus(() -> client.schemas.updateTopicValidationPolicy(UpdateTopicValidationPolicyRequest
                .newBuilder().setTopicName(topic).setValidationPolicy("strict").build()),
                Status.Code.INVALID_ARGUMENT, null);
        assertStatus(() -> client.schemas.getTopicSchemaConfig(GetTopicSchemaConfigRequest.newBuilder()
                .setTopicName("/default/unconfigured").build()), Status.Code.NOT_FOUND, null);
    }

    private void producerWithSchema(String topic, String name, String subject) {
        client.producers.createProducer(ProducerRequest.newBuilder().setTopicName(topic).setProducerName(name)
                .setDispatchStrategy(DispatchStrategy.Reliable)
                .setSchemaRef(SchemaReference.newBuilder().setSubject(subject).setUseLatest(true)).build());
    }

    private void sendWithSchema(long producer, String topic, long schemaId, String payload) {
        StreamMessage message = RawClient.message(producer, topic, "p", payload).toBuilder()
                .setSchemaId(schemaId).setSchemaVersion(1).build();
        client.producers.sendMessage(message);
    }
}
