package com.danubemessaging.connect.connectors.jdbc;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.SinkRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.TreeMap;

/**
 * A Danube property of the message that a column can take instead of a JSON path ({@code metadata = "…"}):
 * {@code topic}, {@code message_id}, {@code offset}, {@code publish_time}, {@code producer_name}, {@code key},
 * {@code attributes} (all of them as a JSON object) or {@code attributes.<name>} (one).
 *
 * @param kind      which property
 * @param attribute the attribute's name for {@code attributes.<name>}, else null
 */
record MetadataField(Kind kind, String attribute) {

    enum Kind { TOPIC, MESSAGE_ID, OFFSET, PUBLISH_TIME, PRODUCER_NAME, KEY, ATTRIBUTES, ATTRIBUTE }

    /**
     * @throws ConfigurationException naming the key and the accepted values
     */
    static MetadataField parse(String value, String key) {
        String v = value.trim();
        if (v.startsWith("attributes.") && v.length() > "attributes.".length()) {
            return new MetadataField(Kind.ATTRIBUTE, v.substring("attributes.".length()));
        }
        Kind kind = switch (v.toLowerCase(Locale.ROOT)) {
            case "topic" -> Kind.TOPIC;
            case "message_id" -> Kind.MESSAGE_ID;
            case "offset" -> Kind.OFFSET;
            case "publish_time" -> Kind.PUBLISH_TIME;
            case "producer_name" -> Kind.PRODUCER_NAME;
            case "key" -> Kind.KEY;
            case "attributes" -> Kind.ATTRIBUTES;
            default -> throw new ConfigurationException(key + ": unknown metadata '" + value + "' (expected topic, "
                    + "message_id, offset, publish_time, producer_name, key, attributes or attributes.<name>)");
        };
        return new MetadataField(kind, null);
    }

    /** The property of {@code record} as JSON; missing when the message has none (no key, no such attribute). */
    JsonNode read(SinkRecord record) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (kind) {
            case TOPIC -> f.textNode(record.topic());
            case MESSAGE_ID -> record.messageId().isEmpty() ? MissingNode.getInstance()
                    : f.textNode(record.messageId());
            case OFFSET -> f.numberNode(record.offset());
            case PUBLISH_TIME -> f.numberNode(record.publishTimeMillis());
            case PRODUCER_NAME -> f.textNode(record.producerName());
            case KEY -> record.key().<JsonNode>map(f::textNode).orElse(MissingNode.getInstance());
            case ATTRIBUTES -> {
                ObjectNode all = f.objectNode();
                new TreeMap<>(record.attributes()).forEach(all::put);
                yield all;
            }
            case ATTRIBUTE -> record.attribute(attribute).<JsonNode>map(f::textNode)
                    .orElse(MissingNode.getInstance());
        };
    }

    @Override
    public String toString() {
        return kind == Kind.ATTRIBUTE ? "attributes." + attribute : kind.name().toLowerCase(Locale.ROOT);
    }
}
