package com.danubemessaging.connect.connectors.clickhouse;

/**
 * One column of a ClickHouse table, from {@code system.columns}.
 *
 * @param name        the column name
 * @param typeName    the type as the server spells it
 * @param type        the rules for its values
 * @param defaultKind {@code ""}, {@code DEFAULT}, {@code MATERIALIZED} or {@code ALIAS}
 */
record TableColumn(String name, String typeName, ColumnType type, String defaultKind) {

    static TableColumn of(String name, String typeName, String defaultKind) {
        return new TableColumn(name, typeName, ColumnType.parse(typeName), defaultKind);
    }

    /** MATERIALIZED and ALIAS columns are computed by the server and cannot be written. */
    boolean insertable() {
        return defaultKind.isEmpty() || defaultKind.equals("DEFAULT");
    }

    /** A DEFAULT expression fills the column when the row leaves it out. */
    boolean hasDefault() {
        return defaultKind.equals("DEFAULT");
    }
}
