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
import com.danubemessaging.connect.proto.schema.CheckCompatibilityResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The schema registry service and schema rules on produce (danube-facts §1.5, §2.3, §2.8, §9.3). */
class SchemaRegistryTest extends RawClientTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    private GetSchemaResponse latest(String subject) {
        return client.schemas.getLatestSchema(GetLatestSchemaRequest.newBuilder().setSubject(subject).build());
    }

    private static String sha256(String text) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void registerVersionsFingerprintsAndLookups() throws Exception {
        String v1 = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}}}";
        String v2 = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"n\":{\"type\":\"string\"}}}";
        RegisterSchemaResponse first = register("orders-value", "json_schema", v1);
        assertThat(first.getVersion()).isEqualTo(1);
        assertThat(first.getIsNewVersion()).isTrue();
        // json/json_handler.rs: sha256 of the canonical (compact, keys sorted) JSON
        assertThat(first.getFingerprint()).isEqualTo(sha256(
                "{\"properties\":{\"id\":{\"type\":\"integer\"}},\"type\":\"object\"}"));

        RegisterSchemaResponse same = register("orders-value", "json_schema", "{ \"type\": \"object\",\n"
                + " \"properties\": {\"id\": {\"type\": \"integer\"}}}");
        assertThat(same.getVersion()).as("whitespace does not make a new version").isEqualTo(1);
        assertThat(same.getIsNewVersion()).isFalse();
        assertThat(same.getSchemaId()).isEqualTo(first.getSchemaId());

        RegisterSchemaResponse second = register("orders-value", "json_schema", v2);
        assertThat(second.getVersion()).isEqualTo(2);
        assertThat(second.getSchemaId()).as("schema_id names the subject").isEqualTo(first.getSchemaId());

        GetSchemaResponse latest = latest("orders-value");
        assertThat(latest.getVersion()).isEqualTo(2);
        assertThat(latest.getSubject()).isEqualTo("orders-value");
        assertThat(latest.getSchemaType()).isEqualTo("json_schema");
        assertThat(latest.getTagsList()).containsExactly("t1");

        GetSchemaResponse pinned = client.schemas.getSchema(GetSchemaRequest.newBuilder()
                .setSchemaId(first.getSchemaId()).setVersion(1).build());
        assertThat(pinned.getSchemaDefinition().toStringUtf8()).isEqualTo("{\"JsonSchema\":{\"raw_schema\":"
                + JSON.writeValueAsString(v1) + ",\"fingerprint\":\"" + first.getFingerprint() + "\"}}");
        assertThat(client.schemas.getSchema(GetSchemaRequest.newBuilder().setSchemaId(first.getSchemaId()).build())
                .getVersion()).isEqualTo(2);

        assertThat(client.schemas.listVersions(ListVersionsRequest.newBuilder().setSubject("orders-value").build())
                .getVersionsList()).extracting(v -> v.getVersion()).containsExactly(1, 2);
        assertThat(client.schemas.listSubjects(ListSubjectsRequest.getDefaultInstance()).getSubjectsList())
                .anySatisfy(s -> {
                    assertThat(s.getSubject()).isEqualTo("orders-value");
                    assertThat(s.getLatestVersion()).isEqualTo(2);
                    assertThat(s.getCompatibilityMode()).isEqualTo("backward");
                });

        assertStatus(() -> client.schemas.getSchema(GetSchemaRequest.newBuilder().setSchemaId(99_999).build()),
                Status.Code.NOT_FOUND, "Schema not found for ID: 99999");
        assertStatus(() -> client.schemas.getSchema(GetSchemaRequest.newBuilder().setSchemaId(first.getSchemaId())
                .setVersion(9).build()), Status.Code.NOT_FOUND, null);
        assertStatus(() -> latest("nope"), Status.Code.NOT_FOUND, "Schema not found for subject: nope");
    }

    /**
     * {@code broker_server/schema_registry_handler.rs}: GetSchema / GetLatestSchema return
     * {@code serde_json::to_vec(&schema_def)} of {@code danube-schema/src/metadata.rs} {@code SchemaDefinition}.
     */
    @Test
    void schemaReadsReturnTheSerdeEnvelopeOfTheDefinition() throws Exception {
        String avro = "{\"type\":\"record\",\"name\":\"Reading\",\"fields\":[{\"name\":\"v\",\"type\":\"double\"}]}";
        RegisterSchemaResponse a = register("envelope-avro", "avro", avro);
        JsonNode avroEnvelope = JSON.readTree(latest("envelope-avro").getSchemaDefinition().toByteArray());
        assertThat(avroEnvelope.fieldNames()).toIterable().containsExactly("Avro");
        assertThat(avroEnvelope.path("Avro").path("raw_schema").asText()).isEqualTo(avro);
        assertThat(avroEnvelope.path("Avro").path("fingerprint").asText()).isEqualTo(a.getFingerprint())
                .startsWith("sha256:");

        register("envelope-string", "string", "");
        assertThat(latest("envelope-string").getSchemaDefinition().toStringUtf8()).isEqualTo("\"String\"");
        register("envelope-number", "number", "");
        assertThat(latest("envelope-number").getSchemaDefinition().toStringUtf8()).isEqualTo("\"Number\"");
        register("envelope-bytes", "bytes", "ignored");
        assertThat(latest("envelope-bytes").getSchemaDefinition().toStringUtf8()).isEqualTo("\"Bytes\"");
        assertThat(latest("envelope-bytes").getFingerprint()).isEqualTo("bytes");

        register("envelope-proto", "proto", "syntax = \"proto3\"; message M { string a = 1; }");
        JsonNode proto = JSON.readTree(latest("envelope-proto").getSchemaDefinition().toByteArray());
        assertThat(proto.path("Protobuf").path("raw_proto").asText()).startsWith("syntax");
        assertThat(proto.path("Protobuf").path("message_name").asText()).isEqualTo("DefaultMessage");
    }

    /** {@code danube-schema/src/types.rs} {@code SchemaType::from_str}: case-insensitive, with aliases. */
    @Test
    void schemaTypeAliasesAreAcceptedAndReportedByTheirCanonicalName() {
        register("alias-json", "json", "{\"type\":\"object\"}");
        assertThat(latest("alias-json").getSchemaType()).isEqualTo("json_schema");
        register("alias-int", "INT64", "");
        assertThat(latest("alias-int").getSchemaType()).isEqualTo("number");
        register("alias-double", "double", "");
        assertThat(latest("alias-double").getSchemaType()).isEqualTo("number");
        register("alias-proto", "proto", "message X {}");
        assertThat(latest("alias-proto").getSchemaType()).isEqualTo("protobuf");
        assertStatus(() -> register("alias-yaml", "yaml", "{}"), Status.Code.INTERNAL,
                "Failed to register schema: Unknown schema type: yaml");
    }

    /** {@code avro/avro_handler.rs} and {@code json/json_handler.rs}: definitions are parsed, not stored blindly. */
    @Test
    void invalidAvroAndJsonSchemaDefinitionsAreRefused() {
        assertStatus(() -> register("bad-avro", "avro", "{}"), Status.Code.INTERNAL,
                "Failed to register schema: Invalid Avro schema");
        assertStatus(() -> register("bad-avro", "avro", "{\"type\":\"invalid_type\",\"name\":\"User\"}"),
                Status.Code.INTERNAL, "Invalid Avro schema");
        assertStatus(() -> register("bad-json", "json_schema", "{\"type\": \"object\", \"properties\": {"),
                Status.Code.INTERNAL, "Failed to register schema: Invalid JSON in schema");
        assertStatus(() -> register("bad-json", "json_schema", "{\"type\": 5}"), Status.Code.INTERNAL,
                "Failed to register schema: Invalid JSON Schema");
        assertStatus(() -> register("bad-json", "json_schema", "{\"minimum\": \"zero\"}"), Status.Code.INTERNAL,
                "Invalid JSON Schema");
        assertThat(client.schemas.listSubjects(ListSubjectsRequest.getDefaultInstance()).getSubjectsList())
                .noneMatch(s -> s.getSubject().startsWith("bad-"));
    }

    /**
     * {@code danube-schema/src/registry.rs} {@code register_schema} under the default BACKWARD mode, with the rules
     * of {@code json/json_compatibility.rs} and {@code avro/avro_compatibility.rs}.
     */
    @Test
    void registrationEnforcesTheSubjectsCompatibilityModeBackwardByDefault() {
        String person = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
                + "\"age\":{\"type\":\"integer\"}},\"required\":[\"name\",\"age\"]}";
        register("people", "json_schema", person);
        assertStatus(() -> register("people", "json_schema", "{\"type\":\"object\",\"properties\":"
                + "{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}"), Status.Code.INTERNAL,
                "Failed to register schema: Schema is not compatible with subject 'people' (mode: Backward): "
                        + "Backward incompatible: removed required field 'age'");
        assertStatus(() -> register("people", "json_schema", person.replace("\"integer\"", "\"string\"")),
                Status.Code.INTERNAL, "Backward incompatible: changed type of field 'age'");
        assertStatus(() -> register("people", "avro", "\"string\""), Status.Code.INTERNAL,
                "Schema types must match (cannot change from Avro to JSON, etc.)");
        assertThat(register("people", "json_schema", person.replace("\"required\"",
                "\"title\":\"P\",\"required\"")).getVersion()).isEqualTo(2);

        String reading = "{\"type\":\"record\",\"name\":\"Reading\",\"fields\":[{\"name\":\"v\",\"type\":\"double\"}]}";
        register("readings", "avro", reading);
        assertStatus(() -> register("readings", "avro", reading.replace("]}",
                ",{\"name\":\"unit\",\"type\":\"string\"}]}")), Status.Code.INTERNAL,
                "Schema is not compatible with subject 'readings' (mode: Backward): "
                        + "Reader schema cannot read data written with writer schema");
        assertThat(register("readings", "avro", reading.replace("]}",
                ",{\"name\":\"unit\",\"type\":\"string\",\"default\":\"C\"}]}")).getVersion()).isEqualTo(2);
        assertThat(register("readings", "avro", reading.replace("]}",
                ",{\"name\":\"unit\",\"type\":\"string\",\"default\":\"C\"},"
                        + "{\"name\":\"site\",\"type\":[\"null\",\"string\"]}]}")).getVersion()).isEqualTo(3);

        client.schemas.setCompatibilityMode(SetCompatibilityModeRequest.newBuilder().setSubject("readings")
                .setCompatibilityMode("NONE").build());
        assertThat(register("readings", "json", "{}").getVersion()).as("mode none accepts anything").isEqualTo(4);
        assertThat(latest("readings").getSchemaType()).isEqualTo("json_schema");
    }

    /** {@code schema_registry_handler.rs} {@code check_compatibility}: answers without registering. */
    @Test
    void checkCompatibilityAnswersAsRegistrationWouldWithAnOptionalModeOverride() {
        String v1 = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}},\"required\":[\"id\"]}";
        String addsRequired = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},"
                + "\"email\":{\"type\":\"string\"}},\"required\":[\"id\",\"email\"]}";
        register("accounts", "json_schema", v1);
        CheckCompatibilityResponse backward = check("accounts", "json_schema", addsRequired, null);
        assertThat(backward.getIsCompatible()).as("json_compatibility.rs lets BACKWARD add a required field").isTrue();
        CheckCompatibilityResponse forward = check("accounts", "json_schema", addsRequired, "forward");
        assertThat(forward.getIsCompatible()).isFalse();
        assertThat(forward.getErrorsList()).containsExactly("Forward incompatible: added new required field 'email'");
        assertThat(check("accounts", "json_schema", "{\"type\":\"object\"}", null).getErrorsList())
                .containsExactly("Backward incompatible: removed required field 'id'");
        assertThat(check("accounts", "json_schema", "{\"type\":\"object\"}", "none").getIsCompatible()).isTrue();
        assertThat(check("accounts", "string", "", null).getErrorsList())
                .containsExactly("Schema types must match (cannot change from Avro to JSON, etc.)");
        assertThat(client.schemas.listVersions(ListVersionsRequest.newBuilder().setSubject("accounts").build())
                .getVersionsCount()).isEqualTo(1);
        assertStatus(() -> check("no-such-subject", "json_schema", "{}", null), Status.Code.INTERNAL,
                "Failed to check compatibility");
        assertStatus(() -> check("accounts", "avro", "{}", null), Status.Code.INTERNAL,
                "Failed to check compatibility: Invalid Avro schema");
    }

    private CheckCompatibilityResponse check(String subject, String type, String definition, String mode) {
        CheckCompatibilityRequest.Builder request = CheckCompatibilityRequest.newBuilder().setSubject(subject)
                .setSchemaType(type).setNewSchemaDefinition(ByteString.copyFromUtf8(definition));
        if (mode != null) {
            request.setCompatibilityMode(mode);
        }
        return client.schemas.checkCompatibility(request.build());
    }

    @Test
    void compatibilityModeIsStoredAndVersionsCanBeDeleted() {
        register("modes", "avro", "{\"type\":\"int\"}");
        register("modes", "avro", "{\"type\":\"long\"}");
        assertThat(latest("modes").getCompatibilityMode()).isEqualTo("backward");
        assertThat(client.schemas.setCompatibilityMode(SetCompatibilityModeRequest.newBuilder().setSubject("modes")
                .setCompatibilityMode("full").build()).getSuccess()).isTrue();
        assertThat(latest("modes").getCompatibilityMode()).isEqualTo("full");
        assertStatus(() -> client.schemas.setCompatibilityMode(SetCompatibilityModeRequest.newBuilder()
                .setSubject("modes").setCompatibilityMode("sideways").build()), Status.Code.INVALID_ARGUMENT,
                "Invalid compatibility mode: sideways");
        assertThat(client.schemas.deleteSchemaVersion(DeleteSchemaVersionRequest.newBuilder().setSubject("modes")
                .setVersion(1).build()).getMessage()).isEqualTo("Deleted version 1 for subject modes");
        assertThat(client.schemas.listVersions(ListVersionsRequest.newBuilder().setSubject("modes").build())
                .getVersionsList()).extracting(v -> v.getVersion()).containsExactly(2);
        assertStatus(() -> client.schemas.getSchema(GetSchemaRequest.newBuilder()
                .setSchemaId(latest("modes").getSchemaId()).setVersion(1).build()), Status.Code.NOT_FOUND, null);
        assertStatus(() -> client.schemas.deleteSchemaVersion(DeleteSchemaVersionRequest.newBuilder()
                .setSubject("modes").setVersion(1).build()), Status.Code.INTERNAL, "Failed to delete schema version");
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
