package com.danubemessaging.connect.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** danube {@code danube-schema/src/metadata.rs}: what {@code serde_json::to_vec(&SchemaDefinition)} produces. */
class SchemaEnvelopeTest {

    private static String unwrap(String envelope) {
        return new String(SchemaEnvelope.unwrap(envelope.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void dataVariantsGiveBackTheRawSchemaText() {
        assertThat(unwrap("{\"Avro\":{\"raw_schema\":\"{\\\"type\\\":\\\"string\\\"}\",\"fingerprint\":\"sha256:ab\"}}"))
                .isEqualTo("{\"type\":\"string\"}");
        assertThat(unwrap("{\"JsonSchema\":{\"raw_schema\":\"{}\",\"fingerprint\":\"sha256:cd\"}}")).isEqualTo("{}");
        assertThat(unwrap("{\"Protobuf\":{\"raw_proto\":\"message M {}\",\"message_name\":\"DefaultMessage\","
                + "\"fingerprint\":\"sha256:ef\"}}")).isEqualTo("message M {}");
    }

    @Test
    void unitVariantsHaveNoDefinition() {
        assertThat(unwrap("\"String\"")).isEmpty();
        assertThat(unwrap("\"Number\"")).isEmpty();
        assertThat(unwrap("\"Bytes\"")).isEmpty();
    }

    @Test
    void bytesThatAreNoEnvelopeStayAsTheyAre() {
        assertThat(unwrap("{\"type\":\"object\",\"properties\":{}}")).isEqualTo("{\"type\":\"object\",\"properties\":{}}");
        assertThat(unwrap("\"hello\"")).isEqualTo("\"hello\"");
        assertThat(unwrap("not json")).isEqualTo("not json");
        assertThat(unwrap("")).isEmpty();
    }
}
