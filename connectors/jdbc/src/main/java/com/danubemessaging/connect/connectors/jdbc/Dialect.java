package com.danubemessaging.connect.connectors.jdbc;

import com.danubemessaging.connect.api.ConfigurationException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What differs between the databases: quoting, column types, the upsert clause and driver settings. */
enum Dialect {
    POSTGRESQL("\"") {
        @Override
        String columnType(DataType type, boolean key) {
            return switch (type) {
                case TEXT -> "TEXT";
                case INTEGER -> "INTEGER";
                case BIGINT -> "BIGINT";
                case DOUBLE -> "DOUBLE PRECISION";
                case NUMERIC -> "NUMERIC";
                case BOOLEAN -> "BOOLEAN";
                case TIMESTAMP -> "TIMESTAMPTZ";
                case DATE -> "DATE";
                case JSON -> "JSONB";
                case BYTES -> "BYTEA";
            };
        }

        @Override
        String placeholder(DataType type) {
            // a JSON string bound as text must be cast, or PostgreSQL refuses text for a json/jsonb column
            return type == DataType.JSON ? "CAST(? AS jsonb)" : "?";
        }

        @Override
        String upsertClause(List<String> keyColumns, List<String> otherColumns) {
            String keys = keyColumns.stream().map(this::quote).collect(Collectors.joining(", "));
            if (otherColumns.isEmpty()) {
                return " ON CONFLICT (" + keys + ") DO NOTHING";
            }
            return " ON CONFLICT (" + keys + ") DO UPDATE SET " + otherColumns.stream()
                    .map(c -> quote(c) + " = EXCLUDED." + quote(c)).collect(Collectors.joining(", "));
        }

        @Override
        Map<String, String> driverProperties() {
            // one multi-row INSERT per batch instead of one round trip per row
            return Map.of("reWriteBatchedInserts", "true");
        }
    },
    MARIADB("`") {
        @Override
        String columnType(DataType type, boolean key) {
            return switch (type) {
                // MariaDB cannot index TEXT without a prefix length, so a key column is a VARCHAR
                case TEXT -> key ? "VARCHAR(255)" : "TEXT";
                case INTEGER -> "INT";
                case BIGINT -> "BIGINT";
                case DOUBLE -> "DOUBLE";
                case NUMERIC -> "DECIMAL(38,10)";
                case BOOLEAN -> "BOOLEAN";
                case TIMESTAMP -> "DATETIME(3)";
                case DATE -> "DATE";
                case JSON -> "JSON";
                case BYTES -> key ? "VARBINARY(255)" : "LONGBLOB";
            };
        }

        @Override
        String placeholder(DataType type) {
            return "?";
        }

        @Override
        String upsertClause(List<String> keyColumns, List<String> otherColumns) {
            // without other columns, assign a key to itself: INSERT IGNORE would also swallow real errors
            List<String> updated = otherColumns.isEmpty() ? keyColumns.subList(0, 1) : otherColumns;
            return " ON DUPLICATE KEY UPDATE " + updated.stream()
                    .map(c -> quote(c) + " = VALUES(" + quote(c) + ")").collect(Collectors.joining(", "));
        }

        @Override
        Map<String, String> driverProperties() {
            return Map.of();
        }
    };

    private final String quoteChar;

    Dialect(String quoteChar) {
        this.quoteChar = quoteChar;
    }

    /** The column type {@code create_table} uses. */
    abstract String columnType(DataType type, boolean key);

    /** The bind marker of a value of {@code type} in INSERT … VALUES. */
    abstract String placeholder(DataType type);

    /** What follows INSERT … VALUES (…) to update the row of an existing key instead of failing. */
    abstract String upsertClause(List<String> keyColumns, List<String> otherColumns);

    /** Driver settings added to the pool's data source unless the URL sets them. */
    abstract Map<String, String> driverProperties();

    /** A quoted identifier; names are checked at start, so they hold no quote characters. */
    String quote(String identifier) {
        return quoteChar + identifier + quoteChar;
    }

    /**
     * The dialect of a JDBC URL.
     *
     * @throws ConfigurationException for another database
     */
    static Dialect of(String jdbcUrl, String key) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (jdbcUrl.startsWith("jdbc:mariadb:")) {
            return MARIADB;
        }
        throw new ConfigurationException(key + ": must start with jdbc:postgresql: or jdbc:mariadb: (PostgreSQL and "
                + "MariaDB are supported)");
    }
}
