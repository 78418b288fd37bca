package com.danubemessaging.connect.connectors.jdbc;

import com.danubemessaging.connect.api.ConfigurationException;
import java.util.regex.Pattern;

/**
 * A table, optionally schema-qualified ({@code analytics.orders}). Names are used as written and always quoted,
 * so they are case-sensitive; they are limited to letters, digits, {@code _} and {@code $} so that no name can
 * change the SQL around it.
 *
 * @param schema the schema (PostgreSQL) or database (MariaDB), or null for the connection's default
 * @param name   the table
 */
record TableName(String schema, String name) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    /** @throws ConfigurationException naming the key */
    static TableName parse(String value, String key) {
        String v = value.trim();
        int dot = v.indexOf('.');
        if (dot < 0) {
            return new TableName(null, identifier(v, key));
        }
        return new TableName(identifier(v.substring(0, dot), key), identifier(v.substring(dot + 1), key));
    }

    /** @throws ConfigurationException unless {@code value} is a plain identifier */
    static String identifier(String value, String key) {
        if (value == null || !IDENTIFIER.matcher(value.trim()).matches()) {
            throw new ConfigurationException(key + ": '" + value + "' is not a plain SQL name (letters, digits, _ "
                    + "and $, starting with a letter or _, at most 63 characters)");
        }
        return value.trim();
    }

    String sql(Dialect dialect) {
        return schema == null ? dialect.quote(name) : dialect.quote(schema) + "." + dialect.quote(name);
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
