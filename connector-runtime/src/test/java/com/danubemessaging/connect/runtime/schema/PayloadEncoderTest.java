package com.danubemessaging.connect.runtime.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadEncoderTest {
    private final PayloadEncoder encoder = new PayloadEncoder();

    private String text(SourceRecord r, String type) {
        return new String(encoder.encode(r, type), StandardCharsets.UTF_8);
    }

    @Test
    void withoutASchemaSendsJsonAndRawBytesUnchanged() {
        assertThat(text(SourceRecord.ofObject("/d/t", Map.of("a", 1)), null)).isEqualTo("{\"a\":1}");
        assertThat(text(SourceRecord.ofString("/d/t", "hi"), null)).isEqualTo("\"hi\"");
        assertThat(encoder.encode(SourceRecord.ofBytes("/d/t", new byte[] {0, 1}), null)).containsExactly(0, 1);
    }

    @Test
    void followsTheSchemaType() {
        assertThat(text(SourceRecord.ofString("/d/t", "hi"), "string")).isEqualTo("hi");
        assertThat(text(SourceRecord.ofNumber("/d/t", 3.5), "number")).isEqualTo("3.5");
        assertThat(text(SourceRecord.ofObject("/d/t", Map.of("a", 1)), "avro")).isEqualTo("{\"a\":1}");
        assertThat(encoder.encode(SourceRecord.ofString("/d/t", "AQI="), "bytes")).containsExactly(1, 2);
        assertThat(encoder.encode(SourceRecord.ofObject("/d/t", Map.of("data", "AQI=", "size", 2)), "bytes"))
                .containsExactly(1, 2);
    }

    @Test
    void aPayloadThatDoesNotFitTheTypeIsInvalidData() {
        assertThatThrownBy(() -> encoder.encode(SourceRecord.ofString("/d/t", "x"), "number"))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("not a number");
        assertThatThrownBy(() -> encoder.encode(SourceRecord.ofString("/d/t", "%%"), "bytes"))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("base64");
        assertThatThrownBy(() -> encoder.encode(SourceRecord.ofObject("/d/t", Map.of("a", 1)), "protobuf"))
                .isInstanceOf(InvalidDataException.class);
    }

    @Test
    void normalizesTypeAliases() {
        assertThat(SchemaTypes.normalize("JSON")).isEqualTo("json_schema");
        assertThat(SchemaTypes.normalize("Avro")).isEqualTo("avro");
    }
}
