package com.danubemessaging.connect.connectors.clickhouse;

import com.danubemessaging.connect.api.ConfigurationException;

/**
 * ClickHouse names the connector puts into SQL. They are restricted to plain identifiers, so that quoting them in
 * back-ticks is always safe, and string literals are escaped.
 */
final class Identifiers {
    private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*";

    private Identifiers() {
    }

    /** @throws ConfigurationException naming {@code key} when {@code name} is not a plain identifier */
    static void require(String name, String key) {
        if (!name.matches(IDENTIFIER)) {
            throw new ConfigurationException(key + ": \"" + name + "\" is not a plain ClickHouse identifier"
                    + " (letters, digits and _, not starting with a digit)");
        }
    }

    /** {@code `name`}; the name may hold any character but a back-tick's escape is added. */
    static String quote(String name) {
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    /** A single-quoted SQL string literal. */
    static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
