package com.danubemessaging.connect.connectors.jdbc;

import com.danubemessaging.connect.api.ConfigurationException;
import java.util.Locale;

/**
 * The column types a mapping can name ({@code data_type}), with the spellings of SQL and of the Rust
 * {@code sink-deltalake} ({@code Utf8}, {@code Int64}, …) as aliases. The README's type table lists what each
 * accepts from JSON and the column it creates per database.
 */
enum DataType {
    TEXT, INTEGER, BIGINT, DOUBLE, NUMERIC, BOOLEAN, TIMESTAMP, DATE, JSON, BYTES;

    /**
     * @throws ConfigurationException naming the key and the accepted values
     */
    static DataType parse(String value, String key) {
        if (value == null) {
            return TEXT;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "text", "string", "varchar", "utf8" -> TEXT;
            case "integer", "int", "int4", "int16", "int32", "uint8", "uint16", "smallint" -> INTEGER;
            case "bigint", "long", "int64", "uint32" -> BIGINT;
            case "double", "float", "float32", "float64", "float8", "real", "double precision" -> DOUBLE;
            case "numeric", "decimal", "uint64" -> NUMERIC;
            case "boolean", "bool" -> BOOLEAN;
            case "timestamp", "timestamptz", "datetime" -> TIMESTAMP;
            case "date" -> DATE;
            case "json", "jsonb" -> JSON;
            case "bytes", "binary", "bytea", "blob" -> BYTES;
            default -> throw new ConfigurationException(key + ": unknown data type '" + value + "' (expected text, "
                    + "integer, bigint, double, numeric, boolean, timestamp, date, json or bytes)");
        };
    }
}
