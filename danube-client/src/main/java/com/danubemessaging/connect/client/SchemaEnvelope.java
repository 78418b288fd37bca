package com.danubemessaging.connect.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The registry does not return the bytes that were registered: GetSchema and GetLatestSchema answer with
 * {@code serde_json::to_vec} of upstream's {@code SchemaDefinition} enum (danube
 * {@code broker_server/schema_registry_handler.rs}, {@code danube-schema/src/metadata.rs}) — {@code "String"} for
 * the types without a definition, {@code {"Avro":{"raw_schema":…,"fingerprint":…}}},
 * {@code {"JsonSchema":{"raw_schema":…}}} or {@code {"Protobuf":{"raw_proto":…}}} for the others. This turns it
 * back into the schema text.
 */
final class SchemaEnvelope {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> UNIT_VARIANTS = Set.of("Bytes", "String", "Number");
    /** The variants that carry a definition, and the field that holds its text. */
    private static final Map<String, String> TEXT_FIELDS = Map.of(
            "Avro", "raw_schema", "JsonSchema", "raw_schema", "Protobuf", "raw_proto");

    private SchemaEnvelope() {
    }

    /**
     * The schema text inside {@code schemaDefinition} (empty for bytes, string and number). Bytes that are not an
     * envelope (a broker that returns what was registered) come back unchanged.
     */
    static byte[] unwrap(byte[] schemaDefinition) {
        JsonNode node;
        try {
            node = JSON.readTree(schemaDefinition);
        } catch (IOException e) {
            return schemaDefinition;
        }
        if (node == null) {
            return schemaDefinition;
        }
        if (node.isTextual() && UNIT_VARIANTS.contains(node.asText())) {
            return new byte[0];
        }
        if (node.isObject() && node.size() == 1) {
            String variant = node.fieldNames().next();
            String field = TEXT_FIELDS.get(variant);
            JsonNode text = field == null ? null : node.get(variant).get(field);
            if (text != null && text.isTextual()) {
                return text.asText().getBytes(StandardCharsets.UTF_8);
            }
        }
        return schemaDefinition;
    }
}
