package com.danubemessaging.connect.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One message handed to a sink, with its Danube metadata. Immutable; build one with {@link #builder}.
 *
 * <p>The JSON view ({@link #json()}) follows danube-connect-core: with a schema of type
 * {@code json_schema}/{@code json}/{@code avro}/{@code number} the payload is parsed as JSON; {@code string}
 * gives a JSON string; {@code bytes} gives {@code {"data": base64, "size": n}}; without a schema (or with another
 * type) the payload is parsed as JSON when it is JSON, else {@code {"raw": base64, "size": n}}.
 */
public final class SinkRecord {
    private final byte[] payload;
    private final String topic;
    private final String partitionTopic;
    private final Integer partition;
    private final String messageId;
    private final long offset;
    private final long publishTimeMillis;
    private final String producerName;
    private final Map<String, String> attributes;
    private final String key;
    private final SchemaInfo schema;
    private volatile JsonNode json;

    private SinkRecord(Builder b) {
        this.payload = Objects.requireNonNull(b.payload, "payload");
        this.topic = Objects.requireNonNull(b.topic, "topic");
        this.partitionTopic = b.partitionTopic == null ? b.topic : b.partitionTopic;
        this.partition = b.partition;
        this.messageId = b.messageId == null ? "" : b.messageId;
        this.offset = b.offset;
        this.publishTimeMillis = b.publishTimeMillis;
        this.producerName = b.producerName == null ? "" : b.producerName;
        this.attributes = b.attributes == null ? Map.of() : Map.copyOf(b.attributes);
        this.key = b.key;
        this.schema = b.schema;
    }

    /** A builder; the runtime fills every field, tests may set only topic and payload. */
    public static Builder builder(String topic, byte[] payload) {
        return new Builder(topic, payload);
    }

    /** The message bytes as sent by the producer (a copy). */
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload length in bytes. */
    public int payloadSize() {
        return payload.length;
    }

    /** The payload decoded as UTF-8 text. */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * The payload as a JSON tree (see the class comment for the rules).
     *
     * @throws InvalidDataException when the schema type requires JSON and the payload is not JSON
     */
    public JsonNode json() {
        JsonNode j = json;
        if (j == null) {
            j = decode();
            json = j;
        }
        return j;
    }

    /**
     * The payload bound to {@code type}: {@code byte[]} and {@code String} give the raw payload, {@code JsonNode}
     * the JSON view, any other type is bound from the JSON view with Jackson (unknown properties ignored).
     *
     * @throws InvalidDataException when the payload does not fit the type
     */
    @SuppressWarnings("unchecked")
    public <T> T as(Class<T> type) {
        if (type == byte[].class) {
            return (T) payload();
        }
        if (type == String.class) {
            return (T) payloadAsString();
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return (T) json();
        }
        try {
            return Json.MAPPER.treeToValue(json(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidDataException("payload of " + describe() + " does not bind to " + type.getName() + ": "
                    + e.getMessage(), payload, e);
        }
    }

    /** The logical topic ({@code /ns/topic}), also for messages of a partitioned topic. */
    public String topic() {
        return topic;
    }

    /** The physical topic the message came from ({@code /ns/topic-part-N} for a partitioned topic). */
    public String partitionTopic() {
        return partitionTopic;
    }

    /** The partition number for a partitioned topic. */
    public OptionalInt partition() {
        return partition == null ? OptionalInt.empty() : OptionalInt.of(partition);
    }

    /** A printable, unique message id ({@code topic@offset/producerId} style). */
    public String messageId() {
        return messageId;
    }

    /** The message's offset within its (partition) topic. */
    public long offset() {
        return offset;
    }

    /** Publish time in epoch milliseconds, as stamped by the producer. */
    public long publishTimeMillis() {
        return publishTimeMillis;
    }

    /** The name of the producer that sent the message. */
    public String producerName() {
        return producerName;
    }

    /** Message attributes (read-only). */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** One attribute. */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** The routing key, if the producer set one. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** The schema the message was published with, if any. */
    public Optional<SchemaInfo> schema() {
        return Optional.ofNullable(schema);
    }

    @Override
    public String toString() {
        return "SinkRecord{" + describe() + ", bytes=" + payload.length + "}";
    }

    private String describe() {
        return "topic=" + partitionTopic + ", offset=" + offset;
    }

    private JsonNode decode() {
        String type = schema == null ? "" : schema.schemaType().toLowerCase(Locale.ROOT);
        switch (type) {
            case "json_schema", "json", "jsonschema", "avro", "number" -> {
                try {
                    return Json.MAPPER.readTree(payload);
                } catch (IOException e) {
                    throw new InvalidDataException("payload of " + describe() + " is not valid JSON for schema type "
                            + type + ": " + e.getMessage(), payload, e);
                }
            }
            case "string" -> {
                return JsonNodeFactory.instance.textNode(payloadAsString());
            }
            case "bytes" -> {
                return base64Object("data");
            }
            default -> {
                try {
                    JsonNode parsed = Json.MAPPER.readTree(payload);
                    if (parsed != null && !parsed.isMissingNode()) {
                        return parsed;
                    }
                } catch (IOException notJson) {
                    // falls through to the raw form, as danube-connect-core does
                }
                return base64Object("raw");
            }
        }
    }

    private ObjectNode base64Object(String field) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(field, Base64.getEncoder().encodeToString(payload));
        node.put("size", payload.length);
        return node;
    }

    /** Builds a {@link SinkRecord}. */
    public static final class Builder {
        private final String topic;
        private final byte[] payload;
        private String partitionTopic;
        private Integer partition;
        private String messageId;
        private long offset;
        private long publishTimeMillis;
        private String producerName;
        private Map<String, String> attributes;
        private String key;
        private SchemaInfo schema;

        private Builder(String topic, byte[] payload) {
            this.topic = topic;
            this.payload = payload == null ? null : payload.clone();
        }

        public Builder partitionTopic(String value) {
            this.partitionTopic = value;
            return this;
        }

        public Builder partition(Integer value) {
            this.partition = value;
            return this;
        }

        public Builder messageId(String value) {
            this.messageId = value;
            return this;
        }

        public Builder offset(long value) {
            this.offset = value;
            return this;
        }

        public Builder publishTimeMillis(long value) {
            this.publishTimeMillis = value;
            return this;
        }

        public Builder producerName(String value) {
            this.producerName = value;
            return this;
        }

        public Builder attributes(Map<String, String> value) {
            this.attributes = value;
            return this;
        }

        public Builder key(String value) {
            this.key = value;
            return this;
        }

        public Builder schema(SchemaInfo value) {
            this.schema = value;
            return this;
        }

        public SinkRecord build() {
            return new SinkRecord(this);
        }
    }
}
