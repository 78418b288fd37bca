package com.danubemessaging.connect.connectors.pgvector;

import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.connectors.common.JsonValues;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a record into a {@link Point}. The record is sink-qdrant's {@code {"id"?: string, "vector": [float],
 * "payload"?: object}}; anything else is invalid data, named with the route and the message id:
 * <ul>
 *   <li>not a JSON object, or no {@code vector};</li>
 *   <li>a {@code vector} that is not an array of numbers, or of another length than {@code vector_dimension};</li>
 *   <li>an element that is NaN or infinite, or does not fit a 32-bit float (pgvector stores finite floats only).
 *       {@code NaN} and {@code Infinity} literals, as Python's {@code json.dumps} writes them, are read so that the
 *       message says what is wrong;</li>
 *   <li>an {@code id} that is neither a string nor a whole number in the unsigned 64-bit range;</li>
 *   <li>a {@code payload} that is not an object.</li>
 * </ul>
 * The payload column holds the payload object, plus, with {@code include_danube_metadata}, the keys
 * {@code _danube_topic}, {@code _danube_timestamp} (publish time, epoch ms), {@code _danube_producer} and
 * {@code _danube_attr_<name>} per attribute, which win over payload keys of the same name as in sink-qdrant.
 */
final class PointMapper {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final PgVectorRoute route;

    PointMapper(PgVectorRoute route) {
        this.route = route;
    }

    /** @throws InvalidDataException when the record is not a vector record this route can store */
    Point map(SinkRecord record) {
        JsonNode root;
        try {
            root = JSON.readTree(record.payload());
        } catch (IOException e) {
            throw invalid(record, "the payload is not JSON: " + JsonValues.abbreviate(firstLine(e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            throw invalid(record, "the payload is not a JSON object {\"id\"?, \"vector\", \"payload\"?}"
                    + (root == null ? "" : " but " + kind(root)));
        }
        String vector = vector(record, root.get("vector"));
        BigInteger id = id(record, root.get("id"));
        return new Point(id, vector, payload(record, root.get("payload")), record);
    }

    private String vector(SinkRecord record, JsonNode vector) {
        if (vector == null || vector.isNull()) {
            throw invalid(record, "no \"vector\" field");
        }
        if (!vector.isArray()) {
            throw invalid(record, "\"vector\" must be an array of numbers, got " + kind(vector));
        }
        if (vector.size() != route.dimension()) {
            throw invalid(record, "\"vector\" has " + vector.size() + " dimensions, the route's vector_dimension is "
                    + route.dimension());
        }
        StringBuilder text = new StringBuilder(vector.size() * 12).append('[');
        for (int i = 0; i < vector.size(); i++) {
            JsonNode element = vector.get(i);
            if (!element.isNumber()) {
                throw invalid(record, "vector[" + i + "] is not a number: " + JsonValues.describe(element));
            }
            double value = element.doubleValue();
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw invalid(record, "vector[" + i + "] is " + element.asText() + "; pgvector stores finite numbers"
                        + " only");
            }
            float single = (float) value;
            if (Float.isInfinite(single)) {
                throw invalid(record, "vector[" + i + "] = " + element.asText() + " does not fit a 32-bit float");
            }
            if (i > 0) {
                text.append(',');
            }
            text.append(single);
        }
        return text.append(']').toString();
    }

    private BigInteger id(SinkRecord record, JsonNode id) {
        if (id == null || id.isNull()) {
            return PointId.of(record);
        }
        if (id.isTextual()) {
            return PointId.of(id.textValue());
        }
        if (id.isIntegralNumber() && id.bigIntegerValue().signum() >= 0
                && id.bigIntegerValue().compareTo(PointId.MAX) <= 0) {
            return id.bigIntegerValue();
        }
        throw invalid(record, "\"id\" must be a string or a whole number from 0 to " + PointId.MAX + ", got "
                + JsonValues.describe(id));
    }

    private String payload(SinkRecord record, JsonNode payload) {
        ObjectNode row = JSON.createObjectNode();
        if (payload != null && !payload.isNull()) {
            if (!payload.isObject()) {
                throw invalid(record, "\"payload\" must be a JSON object, got " + kind(payload));
            }
            row.setAll((ObjectNode) payload);
        }
        if (route.includeDanubeMetadata()) {
            row.put("_danube_topic", record.topic());
            row.put("_danube_timestamp", record.publishTimeMillis());
            row.put("_danube_producer", record.producerName());
            for (Map.Entry<String, String> attribute : new TreeMap<>(record.attributes()).entrySet()) {
                row.put("_danube_attr_" + attribute.getKey(), attribute.getValue());
            }
        }
        return row.toString();
    }

    private InvalidDataException invalid(SinkRecord record, String reason) {
        return new InvalidDataException("pgvector route " + route.label() + ": " + reason + " (message "
                + record.messageId() + ")", record.payload());
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
