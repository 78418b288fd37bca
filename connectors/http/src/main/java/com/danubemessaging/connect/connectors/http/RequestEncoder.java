package com.danubemessaging.connect.connectors.http;

import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.RecordEnvelope;
import com.danubemessaging.connect.api.SinkRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds request bodies and headers.
 *
 * <ul>
 *   <li>{@code record} mode: the body is the message payload exactly as published. {@code Content-Type} is
 *       {@code text/plain; charset=utf-8} for a {@code string} schema, {@code application/octet-stream} for a
 *       {@code bytes} schema or a payload that is not JSON, else {@code application/json}. Headers
 *       {@code X-Danube-Topic}, {@code X-Danube-Message-Id}, {@code X-Danube-Publish-Time} (epoch ms) and, when the
 *       message has one, {@code X-Danube-Key} describe the message.</li>
 *   <li>{@code array} mode: the body is a JSON array with one element per message, the message's JSON view
 *       ({@link SinkRecord#json()}) or, with {@code include_danube_metadata}, its {@link RecordEnvelope}.</li>
 * </ul>
 * A {@code Content-Type} among the configured headers replaces the one chosen here.
 */
final class RequestEncoder {
    static final String JSON = "application/json";
    static final String OCTETS = "application/octet-stream";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final boolean includeDanubeMetadata;

    RequestEncoder(boolean includeDanubeMetadata) {
        this.includeDanubeMetadata = includeDanubeMetadata;
    }

    /**
     * The array element of one message; computed when the message is handed over so that a payload that cannot
     * be encoded is reported for that message.
     *
     * @throws InvalidDataException when the message's schema requires JSON and the payload is not JSON
     */
    JsonNode element(SinkRecord record) {
        return includeDanubeMetadata ? RecordEnvelope.of(record) : record.json();
    }

    /** The request of one message in {@code record} mode. */
    OutgoingRequest single(HttpRoute route, SinkRecord record) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType(record));
        headers.put("X-Danube-Topic", record.topic());
        if (!record.messageId().isEmpty()) {
            headers.put("X-Danube-Message-Id", record.messageId());
        }
        headers.put("X-Danube-Publish-Time", Long.toString(record.publishTimeMillis()));
        record.key().filter(RequestEncoder::headerSafe).ifPresent(key -> headers.put("X-Danube-Key", key));
        return new OutgoingRequest(route, List.of(record), record.payload(), headers);
    }

    /** The request of several messages of one route in {@code array} mode, elements from {@link #element}. */
    OutgoingRequest array(HttpRoute route, List<SinkRecord> records, List<JsonNode> elements) {
        ArrayNode array = MAPPER.createArrayNode();
        elements.forEach(array::add);
        byte[] body;
        try {
            body = MAPPER.writeValueAsBytes(array);
        } catch (JsonProcessingException e) {
            // a tree built from parsed JSON always serializes; this would be a bug, not bad data
            throw new IllegalStateException("cannot serialize a JSON array of " + records.size() + " messages", e);
        }
        return new OutgoingRequest(route, List.copyOf(records), body, Map.of("Content-Type", JSON));
    }

    private static String contentType(SinkRecord record) {
        String schemaType = record.schema().map(s -> s.schemaType().toLowerCase(Locale.ROOT)).orElse("");
        return switch (schemaType) {
            case "string" -> "text/plain; charset=utf-8";
            case "bytes" -> OCTETS;
            case "json_schema", "json", "jsonschema", "avro", "number" -> JSON;
            default -> isJson(record.payload()) ? JSON : OCTETS;
        };
    }

    private static boolean isJson(byte[] payload) {
        try {
            JsonNode parsed = MAPPER.readTree(payload);
            return parsed != null && !parsed.isMissingNode();
        } catch (IOException notJson) {
            return false;
        }
    }

    /** Printable ASCII only, so a key never breaks the request. */
    private static boolean headerSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return !value.isEmpty();
    }
}
