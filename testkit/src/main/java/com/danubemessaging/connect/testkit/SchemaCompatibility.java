package com.danubemessaging.connect.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Upstream's compatibility rules, reproduced rule by rule (including their gaps) so that a registration the real
 * broker refuses is refused here too: {@code danube-schema/src/compatibility.rs} (the kind may not change),
 * {@code avro/avro_compatibility.rs} (reader fields missing from the writer need a default or a null union; record
 * names must match; a few primitive promotions; unions are always accepted) and {@code json/json_compatibility.rs}
 * (required fields, optional-to-required, changed {@code type}). Protobuf is never checked, as upstream.
 */
final class SchemaCompatibility {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code types.rs} {@code CompatibilityMode}. */
    enum Mode {
        NONE, BACKWARD, FORWARD, FULL;

        static Mode parse(String text) {
            if (text == null) {
                return null;
            }
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "none" -> NONE;
                case "backward" -> BACKWARD;
                case "forward" -> FORWARD;
                case "full" -> FULL;
                default -> null;
            };
        }

        /** As upstream's {@code Display}: lower case. */
        String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** As upstream's {@code Debug}, used in the registration error. */
        String debug() {
            return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
        }
    }

    private SchemaCompatibility() {
    }

    /** The reasons {@code candidate} may not follow {@code latest} under {@code mode}; empty when it may. */
    static List<String> errors(SchemaDefinition latest, SchemaDefinition candidate, Mode mode) {
        if (mode == Mode.NONE) {
            return List.of();
        }
        if (latest.kind() != candidate.kind()) {
            return List.of("Schema types must match (cannot change from Avro to JSON, etc.)");
        }
        return switch (latest.kind()) {
            case AVRO -> avro(latest.raw(), candidate.raw(), mode);
            case JSON_SCHEMA -> json(latest.raw(), candidate.raw(), mode);
            default -> List.of();
        };
    }

    // ------------------------------------------------------------------ Avro

    private static List<String> avro(String oldRaw, String newRaw, Mode mode) {
        Schema oldSchema = new Schema.Parser().parse(oldRaw);
        Schema newSchema = new Schema.Parser().parse(newRaw);
        if ((mode == Mode.BACKWARD || mode == Mode.FULL) && !readable(newSchema, oldSchema)) {
            return List.of("Reader schema cannot read data written with writer schema");
        }
        if ((mode == Mode.FORWARD || mode == Mode.FULL) && !readable(oldSchema, newSchema)) {
            return List.of("Old schema cannot read data written with new schema");
        }
        return List.of();
    }

    /** {@code check_schema_compatibility(reader, writer)}. */
    private static boolean readable(Schema reader, Schema writer) {
        if (SchemaNormalization.toParsingForm(reader).equals(SchemaNormalization.toParsingForm(writer))) {
            return true;
        }
        Schema.Type r = reader.getType();
        Schema.Type w = writer.getType();
        if (r == Schema.Type.UNION || w == Schema.Type.UNION) {
            return true;
        }
        if ((r == Schema.Type.LONG && w == Schema.Type.INT)
                || (r == Schema.Type.DOUBLE && (w == Schema.Type.FLOAT || w == Schema.Type.LONG || w == Schema.Type.INT))
                || (r == Schema.Type.STRING && w == Schema.Type.BYTES)
                || (r == Schema.Type.BYTES && w == Schema.Type.STRING)) {
            return true;
        }
        if (r == Schema.Type.RECORD && w == Schema.Type.RECORD) {
            if (!reader.getFullName().equals(writer.getFullName())) {
                return false;
            }
            for (Schema.Field field : reader.getFields()) {
                if (writer.getField(field.name()) == null && !hasDefault(field)) {
                    return false;
                }
            }
            return true;
        }
        if (r == Schema.Type.ARRAY && w == Schema.Type.ARRAY) {
            return readable(reader.getElementType(), writer.getElementType());
        }
        if (r == Schema.Type.MAP && w == Schema.Type.MAP) {
            return readable(reader.getValueType(), writer.getValueType());
        }
        return false;
    }

    private static boolean hasDefault(Schema.Field field) {
        if (field.schema().getType() == Schema.Type.UNION) {
            return field.schema().getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
        }
        return field.hasDefaultValue();
    }

    // ------------------------------------------------------------------ JSON Schema

    private static List<String> json(String oldRaw, String newRaw, Mode mode) {
        JsonNode oldSchema = tree(oldRaw);
        JsonNode newSchema = tree(newRaw);
        if (mode == Mode.BACKWARD || mode == Mode.FULL) {
            List<String> backward = jsonBackward(oldSchema, newSchema);
            if (!backward.isEmpty() || mode == Mode.BACKWARD) {
                return backward;
            }
        }
        return jsonForward(oldSchema, newSchema);
    }

    private static List<String> jsonBackward(JsonNode oldSchema, JsonNode newSchema) {
        List<String> errors = new ArrayList<>();
        JsonNode oldProps = properties(oldSchema);
        JsonNode newProps = properties(newSchema);
        List<String> oldRequired = required(oldSchema);
        for (String field : oldRequired) {
            if (newProps == null || !newProps.has(field)) {
                errors.add("Backward incompatible: removed required field '" + field + "'");
            }
        }
        for (String field : required(newSchema)) {
            if (oldProps != null && oldProps.has(field) && !oldRequired.contains(field)) {
                errors.add("Backward incompatible: made optional field '" + field + "' required");
            }
        }
        changedTypes(oldProps, newProps, "Backward", errors);
        return errors;
    }

    private static List<String> jsonForward(JsonNode oldSchema, JsonNode newSchema) {
        List<String> errors = new ArrayList<>();
        JsonNode oldProps = properties(oldSchema);
        JsonNode newProps = properties(newSchema);
        for (String field : required(newSchema)) {
            if (oldProps == null || !oldProps.has(field)) {
                errors.add("Forward incompatible: added new required field '" + field + "'");
            }
        }
        changedTypes(oldProps, newProps, "Forward", errors);
        return errors;
    }

    private static void changedTypes(JsonNode oldProps, JsonNode newProps, String direction, List<String> errors) {
        if (oldProps == null || newProps == null) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = oldProps.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> old = it.next();
            JsonNode now = newProps.get(old.getKey());
            if (now != null && old.getValue().has("type") && now.has("type")
                    && !old.getValue().get("type").equals(now.get("type"))) {
                errors.add(direction + " incompatible: changed type of field '" + old.getKey() + "'");
            }
        }
    }

    private static JsonNode properties(JsonNode schema) {
        JsonNode props = schema.get("properties");
        return props != null && props.isObject() ? props : null;
    }

    private static List<String> required(JsonNode schema) {
        List<String> names = new ArrayList<>();
        JsonNode required = schema.get("required");
        if (required != null && required.isArray()) {
            required.forEach(n -> {
                if (n.isTextual()) {
                    names.add(n.asText());
                }
            });
        }
        return names;
    }

    private static JsonNode tree(String raw) {
        try {
            return JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new SchemaParser.InvalidSchemaException("Failed to parse JSON schema: " + e.getOriginalMessage());
        }
    }
}
