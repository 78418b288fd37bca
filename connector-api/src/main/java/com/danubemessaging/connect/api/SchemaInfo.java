package com.danubemessaging.connect.api;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A schema from the Danube schema registry as a connector sees it.
 *
 * @param schemaId   registry id of the subject
 * @param subject    the subject name
 * @param version    the version of the schema
 * @param schemaType {@code json_schema}, {@code avro}, {@code string}, {@code number}, {@code bytes}, {@code protobuf}
 * @param definition the schema text (empty for string/number/bytes)
 */
public record SchemaInfo(long schemaId, String subject, int version, String schemaType, byte[] definition) {

    public SchemaInfo {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schemaType, "schemaType");
        definition = definition == null ? new byte[0] : definition.clone();
    }

    /** A copy of the schema definition bytes. */
    @Override
    public byte[] definition() {
        return definition.clone();
    }

    /** The schema definition as UTF-8 text. */
    public String definitionText() {
        return new String(definition, StandardCharsets.UTF_8);
    }
}
