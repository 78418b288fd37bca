package com.danubemessaging.connect.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceRecordTest {

    record Reading(String sensor, double value) {
    }

    @Test
    void buildsFromObjectStringNumberAndBytes() {
        assertThat(SourceRecord.ofObject("/default/t", new Reading("s1", 21.5)).payload().get("value").asDouble())
                .isEqualTo(21.5);
        assertThat(SourceRecord.ofString("/default/t", "hi").payload().textValue()).isEqualTo("hi");
        assertThat(SourceRecord.ofNumber("/default/t", 42L).payload().longValue()).isEqualTo(42L);
        SourceRecord bytes = SourceRecord.ofBytes("/default/t", new byte[] {1, 2, 3});
        assertThat(bytes.isBytes()).isTrue();
        assertThat(bytes.bytes()).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        assertThat(bytes.payload().get("data").textValue()).isEqualTo("AQID");
        assertThat(bytes.payload().get("size").intValue()).isEqualTo(3);
    }

    @Test
    void withersReturnCopiesAndKeepTheOriginal() {
        SourceRecord base = SourceRecord.ofString("/default/t", "x");
        SourceRecord full = base.withAttribute("a", "1").withAttributes(Map.of("b", "2")).withKey("k")
                .withOffset(Offset.of("p0", 7));
        assertThat(full.attributes()).containsEntry("a", "1").containsEntry("b", "2");
        assertThat(full.key()).contains("k");
        assertThat(full.offset()).contains(Offset.of("p0", 7));
        assertThat(base.attributes()).isEmpty();
        assertThat(base.key()).isEmpty();
        assertThat(base.offset()).isEmpty();
    }

    @Test
    void rejectsABlankTopicAndUnconvertibleObjects() {
        assertThatThrownBy(() -> SourceRecord.ofString(" ", "x")).isInstanceOf(IllegalArgumentException.class);
        Object selfReferencing = new Object() {
            public Object getSelf() {
                return this;
            }
        };
        assertThatThrownBy(() -> SourceRecord.ofObject("/default/t", selfReferencing))
                .isInstanceOf(InvalidDataException.class);
    }
}
