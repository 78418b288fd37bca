package com.danubemessaging.connect.connectors.common;

import java.util.Optional;

/**
 * One entry of a route's {@code field_mappings = [{ json_path, column, data_type, nullable }]}: where a column's
 * value is found in the payload.
 *
 * @param jsonPath {@code json_path}: dotted path into the payload (required)
 * @param column   {@code column}: the column name (required)
 * @param dataType {@code data_type}: the column type in the sink's own type names; optional where the sink can read
 *                 the type from an existing table
 * @param nullable {@code nullable}: whether a missing or null value is allowed (default true)
 */
public record FieldMapping(JsonPath jsonPath, String column, Optional<String> dataType, boolean nullable) {
    /** Reads one mapping table and reports keys it does not know. */
    public static FieldMapping read(ConfigTable mapping) {
        JsonPath path = JsonPath.parse(mapping.requiredString("json_path"), mapping.key("json_path"));
        String column = mapping.requiredString("column");
        Optional<String> type = mapping.string("data_type");
        boolean nullable = mapping.bool("nullable", true);
        mapping.reportUnknownKeys();
        return new FieldMapping(path, column, type, nullable);
    }
}
