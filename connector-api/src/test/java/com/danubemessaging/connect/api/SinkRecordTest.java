package com.danubemessaging.connect.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SinkRecordTest {

    public record Order(String id, int qty) {
    }

    private static SinkRecord record(String payload, String schemaType) {
        SinkRecord.Builder b = SinkRecord.builder("/default/orders", payload.getBytes(StandardCharsets.UTF_8));
        if (schemaType != null) {
            b.schema(new SchemaInfo(1, "orders", 1, schemaType, new byte[0]));
        }
        return b.build();
    }

    @Test
    void bindsJsonToATypedObject() {
        SinkRecord r = record("{\"id\":\"o1\",\"qty\":3,\"extra\":true}", "json_schema");
        assertThat(r.as(Order.class)).isEqualTo(new Order("o1", 3));
        assertThat(r.as(String.class)).isEqualTo("{\"id\":\"o1\",\"qty\":3,\"extra\":true}");
    }

    @Test
    void decodesPerSchemaType() {
        assertThat(record("hello", "string").json().textValue()).isEqualTo("hello");
        assertThat(record("AB", "bytes").json().get("data").textValue()).isEqualTo("QUI=");
        assertThat(record("12", "number").json().intValue()).isEqualTo(12);
        assertThat(record("not json", null).json().get("raw").textValue()).isEqualTo("bm90IGpzb24=");
        assertThat(record("[1,2]", null).json().size()).isEqualTo(2);
    }

    @Test
    void invalidJsonForAJsonSchemaIsInvalidDataCarryingThePayload() {
        assertThatThrownBy(() -> record("{broken", "json_schema").json())
                .isInstanceOfSatisfying(InvalidDataException.class,
                        e -> assertThat(new String(e.payload(), StandardCharsets.UTF_8)).isEqualTo("{broken"));
        assertThatThrownBy(() -> record("{\"qty\":\"many\"}", "json_schema").as(Order.class))
                .isInstanceOf(InvalidDataException.class);
    }

    @Test
    void exposesMetadata() {
        SinkRecord r = SinkRecord.builder("/default/orders", new byte[0]).partitionTopic("/default/orders-part-1")
                .partition(1).offset(9).key("k").producerName("p").publishTimeMillis(5).build();
        assertThat(r.partition()).hasValue(1);
        assertThat(r.partitionTopic()).isEqualTo("/default/orders-part-1");
        assertThat(r.topic()).isEqualTo("/default/orders");
        assertThat(r.key()).contains("k");
        assertThat(r.offset()).isEqualTo(9);
        assertThat(r.schema()).isEmpty();
    }
}
