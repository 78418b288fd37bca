package com.danubemessaging.connect.connectors.jdbc;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Collectors;

/** The SQL of one route (INSERT or upsert, CREATE TABLE) and the batch that writes its rows. */
final class TableWriter {
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private final JdbcRoute route;
    private final Dialect dialect;
    private final String insertSql;

    TableWriter(JdbcRoute route, Dialect dialect) {
        this.route = route;
        this.dialect = dialect;
        this.insertSql = insertSql(route, dialect);
    }

    JdbcRoute route() {
        return route;
    }

    String insertSql() {
        return insertSql;
    }

    /** {@code CREATE TABLE IF NOT EXISTS} with the route's columns and, when it has key columns, a primary key. */
    String createTableSql() {
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(route.table().sql(dialect))
                .append(" (");
        List<String> parts = new ArrayList<>();
        for (ColumnMapping c : route.columns()) {
            boolean key = route.keyColumns().contains(c.column());
            parts.add(dialect.quote(c.column()) + " " + dialect.columnType(c.type(), key)
                    + (c.nullable() ? "" : " NOT NULL"));
        }
        if (!route.keyColumns().isEmpty()) {
            parts.add("PRIMARY KEY (" + route.keyColumns().stream().map(dialect::quote)
                    .collect(Collectors.joining(", ")) + ")");
        }
        return sql.append(String.join(", ", parts)).append(")").toString();
    }

    /**
     * Adds {@code rows} to one JDBC batch and executes it on {@code connection} (inside the caller's transaction).
     * For an upsert, only the last row of each key is written: the database would refuse to update one row twice
     * in one statement, and the last message is the one that wins anyway.
     */
    void write(Connection connection, List<Row> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(insertSql)) {
            for (Row row : route.mode() == WriteMode.UPSERT ? lastPerKey(rows) : rows) {
                bind(statement, row);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private List<Row> lastPerKey(List<Row> rows) {
        Map<List<Object>, Row> last = new LinkedHashMap<>();
        for (Row row : rows) {
            List<Object> key = row.key(route);
            last.remove(key);
            last.put(key, row);
        }
        return new ArrayList<>(last.values());
    }

    private void bind(PreparedStatement statement, Row row) throws SQLException {
        List<ColumnMapping> columns = route.columns();
        for (int i = 0; i < columns.size(); i++) {
            int index = i + 1;
            Object value = row.values()[i];
            DataType type = columns.get(i).type();
            if (value == null) {
                statement.setNull(index, sqlType(type));
                continue;
            }
            switch (type) {
                case TEXT, JSON -> statement.setString(index, (String) value);
                case INTEGER -> statement.setInt(index, (Integer) value);
                case BIGINT -> statement.setLong(index, (Long) value);
                case DOUBLE -> statement.setDouble(index, (Double) value);
                case NUMERIC -> statement.setBigDecimal(index, (BigDecimal) value);
                case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
                case TIMESTAMP -> statement.setTimestamp(index, Timestamp.from((Instant) value),
                        Calendar.getInstance(UTC));
                case DATE -> statement.setDate(index, Date.valueOf((LocalDate) value));
                case BYTES -> statement.setBytes(index, (byte[]) value);
            }
        }
    }

    private static int sqlType(DataType type) {
        return switch (type) {
            case TEXT, JSON -> Types.VARCHAR;
            case INTEGER -> Types.INTEGER;
            case BIGINT -> Types.BIGINT;
            case DOUBLE -> Types.DOUBLE;
            case NUMERIC -> Types.NUMERIC;
            case BOOLEAN -> Types.BOOLEAN;
            case TIMESTAMP -> Types.TIMESTAMP;
            case DATE -> Types.DATE;
            case BYTES -> Types.BINARY;
        };
    }

    private static String insertSql(JdbcRoute route, Dialect dialect) {
        List<String> names = route.columns().stream().map(ColumnMapping::column).toList();
        String sql = "INSERT INTO " + route.table().sql(dialect) + " ("
                + names.stream().map(dialect::quote).collect(Collectors.joining(", ")) + ") VALUES ("
                + route.columns().stream().map(c -> dialect.placeholder(c.type())).collect(Collectors.joining(", "))
                + ")";
        if (route.mode() == WriteMode.UPSERT) {
            List<String> others = names.stream().filter(n -> !route.keyColumns().contains(n)).toList();
            sql += dialect.upsertClause(route.keyColumns(), others);
        }
        return sql;
    }
}
