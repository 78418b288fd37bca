package com.danubemessaging.connect.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One record a source emits. Immutable; the {@code with…} methods return copies.
 *
 * <p>The payload is a JSON tree, or raw bytes for {@link #ofBytes}. How it becomes message bytes depends on the
 * {@code [[schemas]]} entry of the topic: {@code json_schema}/{@code json}/{@code avro}/{@code number} send the
 * JSON text, {@code string} sends a string's UTF-8, {@code bytes} sends raw bytes (or base64-decodes a string
 * or a {@code "data"} field). Without an entry the JSON text is sent (a string therefore gets quotes, as with
 * danube-connect-core) and raw bytes are sent unchanged.
 */
public final class SourceRecord {
    private final String topic;
    private final JsonNode payload;
    private final byte[] bytes;
    private final Map<String, String> attributes;
    private final String key;
    private final Offset offset;

    private SourceRecord(String topic, JsonNode payload, byte[] bytes, Map<String, String> attributes, String key,
                         Offset offset) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("record topic must not be blank");
        }
        this.topic = topic;
        this.payload = payload;
        this.bytes = bytes;
        this.attributes = attributes;
        this.key = key;
        this.offset = offset;
    }

    /** A record with a JSON tree payload. */
    public static SourceRecord of(String topic, JsonNode payload) {
        return new SourceRecord(topic, Objects.requireNonNull(payload, "payload"), null, Map.of(), null, null);
    }

    /**
     * A record whose payload is {@code value} converted to a JSON tree with Jackson.
     *
     * @throws InvalidDataException when Jackson cannot convert the object
     */
    public static SourceRecord ofObject(String topic, Object value) {
        try {
            return of(topic, Json.MAPPER.valueToTree(value));
        } catch (IllegalArgumentException e) {
            throw new InvalidDataException("cannot convert " + (value == null ? "null" : value.getClass().getName())
                    + " to JSON: " + e.getMessage(), new byte[0], e);
        }
    }

    /** A record whose payload is a JSON string. */
    public static SourceRecord ofString(String topic, String value) {
        return of(topic, JsonNodeFactory.instance.textNode(Objects.requireNonNull(value, "value")));
    }

    /** A record whose payload is a JSON number. */
    public static SourceRecord ofNumber(String topic, Number value) {
        Objects.requireNonNull(value, "value");
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode node;
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            node = f.numberNode(value.intValue());
        } else if (value instanceof Long) {
            node = f.numberNode(value.longValue());
        } else if (value instanceof BigInteger b) {
            node = f.numberNode(b);
        } else if (value instanceof BigDecimal d) {
            node = f.numberNode(d);
        } else if (value instanceof Float) {
            node = f.numberNode(value.floatValue());
        } else {
            node = f.numberNode(value.doubleValue());
        }
        return of(topic, node);
    }

    /** A record carrying raw bytes; sent unchanged unless the topic's schema type says otherwise. */
    public static SourceRecord ofBytes(String topic, byte[] value) {
        return new SourceRecord(topic, null, Objects.requireNonNull(value, "value").clone(), Map.of(), null, null);
    }

    /** The destination topic; must be one of the connector's {@link ProducerConfig#topic()}. */
    public String topic() {
        return topic;
    }

    /**
     * The payload as a JSON tree. For a bytes record this is {@code {"data": base64, "size": n}},
     * the shape danube-connect-core uses.
     */
    public JsonNode payload() {
        if (payload != null) {
            return payload;
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("data", Base64.getEncoder().encodeToString(bytes));
        node.put("size", bytes.length);
        return node;
    }

    /** The raw bytes of a record made by {@link #ofBytes}; empty for JSON records. */
    public Optional<byte[]> bytes() {
        return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
    }

    /** True for a record made by {@link #ofBytes}. */
    public boolean isBytes() {
        return bytes != null;
    }

    /** Message attributes (read-only). */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** The routing key: records with the same key go to the same partition and, on KeyShared, the same consumer. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** The source position this record completes, if any. */
    public Optional<Offset> offset() {
        return Optional.ofNullable(offset);
    }

    /** A copy with one more attribute. */
    public SourceRecord withAttribute(String name, String value) {
        Map<String, String> copy = new HashMap<>(attributes);
        copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new SourceRecord(topic, payload, bytes, Map.copyOf(copy), key, offset);
    }

    /** A copy with these attributes added. */
    public SourceRecord withAttributes(Map<String, String> more) {
        Map<String, String> copy = new HashMap<>(attributes);
        copy.putAll(more);
        return new SourceRecord(topic, payload, bytes, Map.copyOf(copy), key, offset);
    }

    /** A copy with a routing key. */
    public SourceRecord withKey(String routingKey) {
        return new SourceRecord(topic, payload, bytes, attributes, routingKey, offset);
    }

    /** A copy carrying a source offset. */
    public SourceRecord withOffset(Offset sourceOffset) {
        return new SourceRecord(topic, payload, bytes, attributes, key, sourceOffset);
    }

    @Override
    public String toString() {
        return "SourceRecord{topic=" + topic + ", key=" + key + ", offset=" + offset
                + (bytes != null ? ", bytes=" + bytes.length : "") + "}";
    }
}
