package com.danubemessaging.connect.runtime.schema;

import java.util.Locale;
import java.util.Set;

/** The schema type names of the Danube registry, and the aliases danube-connect-core accepts. */
public final class SchemaTypes {
    public static final String JSON_SCHEMA = "json_schema";
    public static final String AVRO = "avro";
    public static final String PROTOBUF = "protobuf";
    public static final String STRING = "string";
    public static final String NUMBER = "number";
    public static final String BYTES = "bytes";

    /** Types whose registry entry needs a definition file. */
    public static final Set<String> WITH_DEFINITION = Set.of(JSON_SCHEMA, AVRO, PROTOBUF);

    private SchemaTypes() {
    }

    /** Lower case, with {@code json} and {@code jsonschema} mapped to {@code json_schema}. */
    public static String normalize(String type) {
        String t = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "json", "jsonschema", "json-schema" -> JSON_SCHEMA;
            default -> t;
        };
    }
}
