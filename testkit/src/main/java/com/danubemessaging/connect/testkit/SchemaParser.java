package com.danubemessaging.connect.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Parses a registration the way upstream's registry does ({@code danube-schema/src/registry.rs}
 * {@code parse_schema} with {@code avro/avro_handler.rs}, {@code json/json_handler.rs},
 * {@code protobuf/protobuf_handler.rs}): the type name (aliases allowed), UTF-8, then a real Avro parse or a JSON
 * Schema check against its draft's meta-schema. Errors carry upstream's prefixes ("Invalid Avro schema: …").
 * Protobuf definitions are only checked for UTF-8, as upstream.
 */
final class SchemaParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper SORTED = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    /** A registration upstream refuses; the message is what follows "Failed to register schema: ". */
    static final class InvalidSchemaException extends RuntimeException {
        InvalidSchemaException(String message) {
            super(message);
        }
    }

    private SchemaParser() {
    }

    static SchemaDefinition parse(String schemaType, byte[] definition) {
        SchemaDefinition.Kind kind = SchemaDefinition.Kind.fromTypeName(schemaType);
        if (kind == null) {
            throw new InvalidSchemaException("Unknown schema type: " + schemaType);
        }
        return switch (kind) {
            case BYTES, STRING, NUMBER -> SchemaDefinition.unit(kind);
            case AVRO -> avro(utf8(definition, "Avro schema"));
            case JSON_SCHEMA -> jsonSchema(utf8(definition, "JSON schema"));
            case PROTOBUF -> {
                String raw = utf8(definition, "Protobuf schema");
                yield new SchemaDefinition(kind, raw, sha256(raw));
            }
        };
    }

    private static SchemaDefinition avro(String raw) {
        try {
            Schema schema = new Schema.Parser().parse(raw);
            // Upstream hashes its parser's re-serialisation, so formatting differences give the same fingerprint.
            return new SchemaDefinition(SchemaDefinition.Kind.AVRO, raw, sha256(schema.toString()));
        } catch (org.apache.avro.AvroRuntimeException | NullPointerException e) {
            // Avro 1.12 reports some unresolvable names with a NullPointerException instead of a parse error.
            throw new InvalidSchemaException("Invalid Avro schema: " + e.getMessage());
        }
    }

    private static SchemaDefinition jsonSchema(String raw) {
        JsonNode node;
        try {
            node = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new InvalidSchemaException("Invalid JSON in schema: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidSchemaException("Invalid JSON in schema: EOF while parsing a value");
        }
        String problems = metaSchemaProblems(node);
        if (!problems.isEmpty()) {
            throw new InvalidSchemaException("Invalid JSON Schema: " + problems);
        }
        return new SchemaDefinition(SchemaDefinition.Kind.JSON_SCHEMA, raw, sha256(canonicalJson(node)));
    }

    /**
     * Upstream's {@code jsonschema::validator_for} checks the schema against the meta-schema of the draft named by
     * {@code $schema} (2020-12 when absent).
     */
    private static String metaSchemaProblems(JsonNode node) {
        if (node.isBoolean()) {
            return "";
        }
        if (!node.isObject()) {
            return node + " is not of types \"boolean\", \"object\"";
        }
        SpecVersion.VersionFlag version;
        try {
            version = SpecVersionDetector.detectOptionalVersion(node, false)
                    .orElse(SpecVersion.VersionFlag.V202012);
        } catch (RuntimeException e) {
            return "unknown $schema " + node.get("$schema");
        }
        JsonSchema meta = JsonSchemaFactory.getInstance(version).getSchema(SchemaLocation.of(version.getId()));
        Set<ValidationMessage> errors = meta.validate(node);
        return errors.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; "));
    }

    /** {@code serde_json::to_string(&Value)}: compact, object keys sorted. */
    private static String canonicalJson(JsonNode node) {
        try {
            return SORTED.writeValueAsString(SORTED.treeToValue(node, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String utf8(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidSchemaException("Invalid UTF-8 in " + what + ": " + e.getMessage());
        }
    }

    static String sha256(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return "sha256:" + HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
