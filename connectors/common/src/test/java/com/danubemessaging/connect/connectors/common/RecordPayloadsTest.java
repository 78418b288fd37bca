package com.danubemessaging.connect.connectors.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.SchemaMapping;
import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.api.VersionStrategy;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordPayloadsTest {
    private final RecordPayloads payloads = RecordPayloads.of(ConnectorConfig.builder().serviceUrl("http://x:1")
            .connectorName("c")
            .addSchema(new SchemaMapping("/d/raw", "raw", "bytes", Optional.empty(), true, VersionStrategy.latest()))
            .addSchema(new SchemaMapping("/d/text", "text", "string", Optional.empty(), true, VersionStrategy.latest()))
            .build());

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonStaysJsonAndAnythingElseGetsUpstreamsEnvelope() {
        assertThat(payloads.toRecord("/d/any", utf8("{\"a\": [1, 2]}")).payload().toString()).isEqualTo("{\"a\":[1,2]}");
        assertThat(payloads.toRecord("/d/any", utf8("42")).payload().isNumber()).isTrue();
        SourceRecord text = payloads.toRecord("/d/any", utf8("{\"a\":1} trailing"));
        assertThat(text.payload().toString())
                .isEqualTo("{\"data\":\"eyJhIjoxfSB0cmFpbGluZw==\",\"size\":16,\"encoding\":\"base64\"}");
        assertThat(payloads.toRecord("/d/any", new byte[0]).payload().get("size").asInt()).isZero();
    }

    @Test
    void bytesTopicsGetTheBytesAndStringTopicsTheText() {
        byte[] binary = {0, (byte) 0xff, 1};
        assertThat(payloads.toRecord("/d/raw", binary).bytes()).hasValue(binary);
        assertThat(payloads.toRecord("/d/raw", utf8("{\"json\":true}")).bytes()).hasValue(utf8("{\"json\":true}"));
        assertThat(payloads.toRecord("/d/text", utf8("plain line \"quoted\"")).payload().textValue())
                .isEqualTo("plain line \"quoted\"");
        // not UTF-8: upstream's envelope rather than a mangled string
        assertThat(payloads.toRecord("/d/text", binary).payload().get("encoding").asText()).isEqualTo("base64");
    }
}
