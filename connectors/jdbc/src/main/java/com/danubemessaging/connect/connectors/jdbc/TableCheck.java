package com.danubemessaging.connect.connectors.jdbc;

import com.danubemessaging.connect.api.ConfigurationException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * At start, per route: creates the table when {@code create_table} is set, then checks that it exists, has every
 * mapped column and, for an upsert, a primary key or unique index on exactly the key columns (the database needs
 * it to find the existing row). Each problem stops the connector with the route's key and the reason, before any
 * message is taken.
 */
final class TableCheck {

    private TableCheck() {
    }

    static void prepare(Connection connection, TableWriter writer, Dialect dialect) throws SQLException {
        JdbcRoute route = writer.route();
        if (route.createTable()) {
            createTable(connection, writer);
        }
        DatabaseMetaData meta = connection.getMetaData();
        String schema = route.table().schema();
        String catalog = dialect == Dialect.MARIADB ? (schema != null ? schema : connection.getCatalog()) : null;
        String schemaPattern = dialect == Dialect.MARIADB ? null : (schema != null ? schema : connection.getSchema());
        String table = route.table().name();

        Set<String> columns = new LinkedHashSet<>();
        try (ResultSet rs = meta.getColumns(catalog, schemaPattern, table, null)) {
            while (rs.next()) {
                // metadata patterns treat _ as a wildcard: keep exact matches only
                if (table.equals(rs.getString("TABLE_NAME"))) {
                    columns.add(rs.getString("COLUMN_NAME"));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new ConfigurationException(route.key() + ".to: table " + route.table() + " does not exist in "
                    + (dialect == Dialect.MARIADB ? "database " + catalog : "schema " + schemaPattern)
                    + " (create it, or set create_table = true)");
        }
        List<String> missing = new ArrayList<>();
        route.columns().forEach(c -> {
            if (!columns.contains(c.column())) {
                missing.add(c.column());
            }
        });
        if (!missing.isEmpty()) {
            throw new ConfigurationException(route.key() + ": table " + route.table() + " has no column "
                    + String.join(", ", missing) + " (its columns: " + String.join(", ", columns) + ")");
        }
        if (route.mode() == WriteMode.UPSERT && !uniqueKeys(meta, catalog, schemaPattern, table)
                .contains(Set.copyOf(route.keyColumns()))) {
            throw new ConfigurationException(route.key() + ".key_columns: table " + route.table() + " has no "
                    + "primary key or unique index on exactly " + route.keyColumns() + "; an upsert needs one ("
                    + "e.g. ALTER TABLE … ADD PRIMARY KEY (…))");
        }
    }

    /**
     * Replicas of a sink start together and each creates its tables. In PostgreSQL two concurrent
     * {@code CREATE TABLE IF NOT EXISTS} of one name can both pass the existence check, and the loser fails with a
     * unique violation on {@code pg_type} (23505) or {@code duplicate_table} (42P07); the table then exists, which is
     * all this step needs, so the check below decides.
     */
    private static void createTable(Connection connection, TableWriter writer) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(writer.createTableSql());
            connection.commit();
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback();
        }
    }

    private static Set<Set<String>> uniqueKeys(DatabaseMetaData meta, String catalog, String schema, String table)
            throws SQLException {
        Set<Set<String>> keys = new HashSet<>();
        Set<String> primary = new HashSet<>();
        try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table)) {
            while (rs.next()) {
                primary.add(rs.getString("COLUMN_NAME"));
            }
        }
        if (!primary.isEmpty()) {
            keys.add(primary);
        }
        Map<String, Set<String>> indexes = new HashMap<>();
        try (ResultSet rs = meta.getIndexInfo(catalog, schema, table, true, true)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (index != null && column != null && !rs.getBoolean("NON_UNIQUE")) {
                    indexes.computeIfAbsent(index, i -> new HashSet<>()).add(column);
                }
            }
        }
        keys.addAll(indexes.values());
        return keys;
    }
}
