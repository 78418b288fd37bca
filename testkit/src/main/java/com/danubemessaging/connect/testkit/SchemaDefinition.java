package com.danubemessaging.connect.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * A parsed schema, as upstream stores it ({@code danube-schema/src/metadata.rs} {@code SchemaDefinition}): the
 * kind, the raw text the user registered (none for Bytes, String and Number) and its fingerprint.
 *
 * @param kind        the variant
 * @param raw         the schema text; empty for the unit variants
 * @param fingerprint {@code sha256:<hex>} of the canonical text, or the type name for the unit variants
 */
record SchemaDefinition(Kind kind, String raw, String fingerprint) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Upstream's registry parses Protobuf definitions with this fixed message name ({@code registry.rs}). */
    static final String PROTOBUF_MESSAGE_NAME = "DefaultMessage";

    /** The variants of upstream's enum, with the type name its {@code SchemaType} prints. */
    enum Kind {
        BYTES("Bytes", "bytes"),
        STRING("String", "string"),
        NUMBER("Number", "number"),
        AVRO("Avro", "avro"),
        JSON_SCHEMA("JsonSchema", "json_schema"),
        PROTOBUF("Protobuf", "protobuf");

        final String variant;
        final String typeName;

        Kind(String variant, String typeName) {
            this.variant = variant;
            this.typeName = typeName;
        }

        boolean isUnit() {
            return this == BYTES || this == STRING || this == NUMBER;
        }

        /**
         * {@code types.rs} {@code SchemaType::from_str}: case-insensitive, with the aliases {@code int64},
         * {@code int}, {@code float}, {@code double} (number), {@code json} (json_schema) and {@code proto}.
         */
        static Kind fromTypeName(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "bytes" -> BYTES;
                case "string" -> STRING;
                case "number", "int64", "int", "float", "double" -> NUMBER;
                case "avro" -> AVRO;
                case "json_schema", "json" -> JSON_SCHEMA;
                case "protobuf", "proto" -> PROTOBUF;
                default -> null;
            };
        }
    }

    static SchemaDefinition unit(Kind kind) {
        return new SchemaDefinition(kind, "", kind.typeName);
    }

    /** The schema type name GetSchema and ListSubjects report ({@code json_schema}, never the alias used). */
    String typeName() {
        return kind.typeName;
    }

    /**
     * What GetSchema and GetLatestSchema return as {@code schema_definition}: {@code serde_json::to_vec} of the
     * enum ({@code broker_server/schema_registry_handler.rs}), i.e. {@code "String"} for a unit variant and
     * {@code {"Avro":{"raw_schema":…,"fingerprint":…}}} (fields in declaration order) for the others.
     */
    byte[] envelope() {
        try {
            if (kind.isUnit()) {
                return JSON.writeValueAsBytes(kind.variant);
            }
            ObjectNode inner = JSON.createObjectNode();
            if (kind == Kind.PROTOBUF) {
                inner.put("raw_proto", raw);
                inner.put("message_name", PROTOBUF_MESSAGE_NAME);
            } else {
                inner.put("raw_schema", raw);
            }
            inner.put("fingerprint", fingerprint);
            ObjectNode outer = JSON.createObjectNode();
            outer.set(kind.variant, inner);
            return JSON.writeValueAsBytes(outer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
