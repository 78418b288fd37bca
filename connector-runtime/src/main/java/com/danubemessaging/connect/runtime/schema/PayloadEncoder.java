package com.danubemessaging.connect.runtime.schema;

import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.SourceRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link SourceRecord} into message bytes for the schema type of its topic (danube-facts §3.9):
 * JSON text for json_schema/avro/number (Danube "Avro" is JSON validated by the broker), a string's UTF-8 for
 * string, raw or base64-decoded bytes for bytes. Records made from raw bytes are sent unchanged for every type
 * but {@code number}, so pre-encoded payloads (e.g. protobuf) pass through.
 */
public final class PayloadEncoder {
    private static final Logger LOG = LoggerFactory.getLogger(PayloadEncoder.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param record     the record
     * @param schemaType the normalized schema type of the topic, or null without a {@code [[schemas]]} entry
     * @throws InvalidDataException when the payload does not fit the type
     */
    public byte[] encode(SourceRecord record, String schemaType) {
        if (record.isBytes()) {
            if (SchemaTypes.NUMBER.equals(schemaType)) {
                throw invalid(record, "raw bytes cannot be sent on a 'number' schema topic", new byte[0]);
            }
            return record.bytes().orElseThrow();
        }
        JsonNode payload = record.payload();
        if (schemaType == null) {
            return json(record, payload);
        }
        switch (schemaType) {
            case SchemaTypes.JSON_SCHEMA, SchemaTypes.AVRO -> {
                return json(record, payload);
            }
            case SchemaTypes.NUMBER -> {
                if (!payload.isNumber()) {
                    throw invalid(record, "payload is not a number but the topic's schema type is 'number'",
                            json(record, payload));
                }
                return json(record, payload);
            }
            case SchemaTypes.STRING -> {
                return payload.isTextual() ? payload.textValue().getBytes(StandardCharsets.UTF_8)
                        : json(record, payload);
            }
            case SchemaTypes.BYTES -> {
                JsonNode b64 = payload.isTextual() ? payload : payload.get("data");
                if (b64 == null || !b64.isTextual()) {
                    throw invalid(record, "schema type 'bytes' needs raw bytes, a base64 string or an object with a"
                            + " base64 'data' field", json(record, payload));
                }
                try {
                    return Base64.getDecoder().decode(b64.textValue());
                } catch (IllegalArgumentException e) {
                    throw invalid(record, "not valid base64: " + e.getMessage(), json(record, payload));
                }
            }
            case SchemaTypes.PROTOBUF -> throw invalid(record,
                    "schema type 'protobuf' needs a record made with SourceRecord.ofBytes(encoded protobuf)",
                    json(record, payload));
            default -> {
                LOG.warn("Unknown schema type '{}' for topic {}; sending JSON", schemaType, record.topic());
                return json(record, payload);
            }
        }
    }

    private static byte[] json(SourceRecord record, JsonNode payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw invalid(record, "cannot write JSON: " + e.getMessage(), new byte[0]);
        }
    }

    private static InvalidDataException invalid(SourceRecord record, String reason, byte[] payload) {
        return new InvalidDataException("record for " + record.topic() + ": " + reason, payload);
    }
}
