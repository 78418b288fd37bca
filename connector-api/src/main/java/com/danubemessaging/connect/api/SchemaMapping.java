package com.danubemessaging.connect.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code [[schemas]]} entry: the schema a topic's records are serialized with.
 *
 * @param topic           {@code topic}: the Danube topic, {@code /namespace/topic}
 * @param subject         {@code subject}: the schema-registry subject
 * @param schemaType      {@code schema_type}, normalised to lower case with {@code json} written as
 *                        {@code json_schema}: one of {@link #SCHEMA_TYPES}
 * @param schemaFile      {@code schema_file}, resolved; empty when the TOML value is {@code ""} (allowed for
 *                        {@code string}, {@code number} and {@code bytes})
 * @param autoRegister    {@code auto_register} (default {@code true}): register the file when the subject has no schema yet
 * @param versionStrategy {@code version_strategy} (default latest)
 */
public record SchemaMapping(
        String topic,
        String subject,
        String schemaType,
        Optional<Path> schemaFile,
        boolean autoRegister,
        VersionStrategy versionStrategy) {

    /** The normalised schema types the runtime knows. */
    public static final Set<String> SCHEMA_TYPES = Set.of("json_schema", "string", "number", "bytes", "avro", "protobuf");

    /** Schema types whose definition comes from {@code schema_file}. */
    public static final Set<String> TYPES_WITH_DEFINITION_FILE = Set.of("json_schema", "avro", "protobuf");

    public SchemaMapping {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schemaType, "schemaType");
        Objects.requireNonNull(schemaFile, "schemaFile");
        Objects.requireNonNull(versionStrategy, "versionStrategy");
    }

    /** A mapping with {@code auto_register = true} and the latest version, as in the TOML defaults. */
    public static SchemaMapping of(String topic, String subject, String schemaType, Path schemaFileOrNull) {
        return new SchemaMapping(topic, subject, schemaType, Optional.ofNullable(schemaFileOrNull), true,
                VersionStrategy.latest());
    }
}
