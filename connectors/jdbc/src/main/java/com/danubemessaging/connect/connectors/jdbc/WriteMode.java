package com.danubemessaging.connect.connectors.jdbc;

import com.danubemessaging.connect.api.ConfigurationException;
import java.util.Locale;

/** {@code insert_mode}: how a row is written. */
enum WriteMode {
    /** Plain INSERT: a second row with the same primary key is a constraint violation (invalid data). */
    INSERT,
    /** INSERT, or UPDATE of the row with the same {@code key_columns}: a redelivered message leaves one row. */
    UPSERT;

    static WriteMode parse(String value, String key, WriteMode fallback) {
        if (value == null) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "insert" -> INSERT;
            case "upsert" -> UPSERT;
            default -> throw new ConfigurationException(key + ": must be \"insert\" or \"upsert\" (got \"" + value
                    + "\")");
        };
    }
}
