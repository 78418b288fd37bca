package com.danubemessaging.connect.connectors.postgrescdc;

import com.danubemessaging.connect.api.ConfigurationException;

/**
 * A table as {@code schema.table}; a name without a schema is in {@code public}. Names are taken as PostgreSQL stores
 * them (unquoted identifiers are lower case), so {@code Orders} only matches a table created as {@code "Orders"}.
 */
record TableName(String schema, String table) {

    static TableName parse(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(key + ": table name must not be blank");
        }
        String name = value.trim();
        int dot = name.indexOf('.');
        if (dot != name.lastIndexOf('.') || dot == 0 || dot == name.length() - 1) {
            throw new ConfigurationException(key + ": \"" + name + "\" is not a table name; write schema.table,"
                    + " e.g. public.orders");
        }
        return dot < 0 ? new TableName("public", name) : new TableName(name.substring(0, dot), name.substring(dot + 1));
    }

    /** {@code schema.table}, the form Debezium and the {@code cdc.table} attribute use. */
    @Override
    public String toString() {
        return schema + "." + table;
    }

    /** The SQL form, each part quoted. */
    String quoted() {
        return quote(schema) + "." + quote(table);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
