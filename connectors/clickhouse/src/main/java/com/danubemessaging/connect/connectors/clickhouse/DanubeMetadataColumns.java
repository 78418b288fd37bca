package com.danubemessaging.connect.connectors.clickhouse;

import com.danubemessaging.connect.api.SinkRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The columns {@code include_danube_metadata = true} writes. {@code (_danube_topic, _danube_offset,
 * _danube_publish_time)} names one message for good: a redelivered message has the same three values, so a
 * {@code ReplacingMergeTree} ordered by them keeps one row per message.
 */
final class DanubeMetadataColumns {
    static final String TOPIC = "_danube_topic";
    static final String OFFSET = "_danube_offset";
    static final String PUBLISH_TIME = "_danube_publish_time";
    static final String PRODUCER = "_danube_producer";

    /** The default {@code order_by} with metadata: the key that makes redelivered rows collapse. */
    static final String DEDUPLICATION_KEY = "(" + TOPIC + ", " + OFFSET + ", " + PUBLISH_TIME + ")";

    /** Column → ClickHouse type used by {@code create_table}. */
    static final Map<String, String> TYPES;
    static final Set<String> NAMES;

    private static final Map<String, Function<SinkRecord, JsonNode>> VALUES;

    static {
        JsonNodeFactory json = JsonNodeFactory.instance;
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, Function<SinkRecord, JsonNode>> values = new LinkedHashMap<>();
        types.put(TOPIC, "String");
        values.put(TOPIC, r -> json.textNode(r.partitionTopic()));
        types.put(OFFSET, "UInt64");
        values.put(OFFSET, r -> json.numberNode(r.offset()));
        types.put(PUBLISH_TIME, "UInt64");
        values.put(PUBLISH_TIME, r -> json.numberNode(r.publishTimeMillis()));
        types.put(PRODUCER, "String");
        values.put(PRODUCER, r -> json.textNode(r.producerName()));
        TYPES = Map.copyOf(types);
        NAMES = Set.copyOf(types.keySet());
        VALUES = Map.copyOf(values);
    }

    private DanubeMetadataColumns() {
    }

    /** The value of metadata column {@code name} for {@code record}. */
    static JsonNode value(String name, SinkRecord record) {
        return VALUES.get(name).apply(record);
    }

    /** The columns in their documented order, for CREATE TABLE. */
    static Iterable<String> ordered() {
        return java.util.List.of(TOPIC, OFFSET, PUBLISH_TIME, PRODUCER);
    }
}
