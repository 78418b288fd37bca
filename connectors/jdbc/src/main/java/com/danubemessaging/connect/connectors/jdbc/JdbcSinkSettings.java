package com.danubemessaging.connect.connectors.jdbc;

import com.danubemessaging.connect.api.ConfigKeys;
import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.SinkRoute;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code [jdbc]} table of {@code sink-jdbc}, validated; env {@code JDBC_URL}, {@code JDBC_USERNAME} and
 * {@code JDBC_PASSWORD} override {@code url}, {@code username} and {@code password}. Every key and default is in
 * {@code connectors/jdbc/README.md}.
 *
 * @param url               {@code url}: {@code jdbc:postgresql://…} or {@code jdbc:mariadb://…}
 * @param username          {@code username}, or null
 * @param password          {@code password}, or null; never printed
 * @param dialect           from the URL
 * @param poolSize          {@code pool_size}: the most connections the pool opens
 * @param connectionTimeout {@code connection_timeout_ms}: the longest wait for a connection
 * @param routes            {@code [[jdbc.routes]]}, at least one
 */
record JdbcSinkSettings(String url, String username, String password, Dialect dialect, int poolSize,
                        Duration connectionTimeout, List<JdbcRoute> routes) {

    static final String TABLE = "jdbc";
    static final String ENV_URL = "JDBC_URL";
    static final String ENV_USERNAME = "JDBC_USERNAME";
    static final String ENV_PASSWORD = "JDBC_PASSWORD";
    static final Set<String> KEYS = Set.of("url", "username", "password", "pool_size", "connection_timeout_ms",
            "routes");
    static final Set<String> ROUTE_KEYS = Set.of("to", "insert_mode", "key_columns", "payload_column",
            "field_mappings", "create_table");
    static final Set<String> MAPPING_KEYS = Set.of("column", "json_path", "metadata", "data_type", "nullable");
    static final int DEFAULT_POOL_SIZE = 2;
    static final long DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;

    /** The table as written; boxed so that a missing key is visible. */
    record Raw(String url, String username, String password, Integer poolSize, Long connectionTimeoutMs,
               List<RawRoute> routes) {
    }

    /** The connector's own keys of one route ({@link #ROUTE_KEYS}); {@link SinkRoute#readAll} reads the rest. */
    record RawRoute(String to, String insertMode, List<String> keyColumns, String payloadColumn,
                    List<RawMapping> fieldMappings, Boolean createTable) {
    }

    /** One {@code field_mappings} entry. */
    record RawMapping(String column, String jsonPath, String metadata, String dataType, Boolean nullable) {
    }

    static JdbcSinkSettings from(ConnectorConfig config) {
        return from(config, System.getenv());
    }

    /**
     * Reads and validates {@code [jdbc]}.
     *
     * @throws ConfigurationException naming the key and the reason (never the password)
     */
    static JdbcSinkSettings from(ConnectorConfig config, Map<String, String> env) {
        Raw raw = config.bind(TABLE, Raw.class);
        ConfigKeys.checkKnown(config, TABLE, KEYS);
        String url = ConfigKeys.required(env.getOrDefault(ENV_URL, raw.url()), "jdbc.url");
        Dialect dialect = Dialect.of(url, env.containsKey(ENV_URL) ? ENV_URL : "jdbc.url");
        String username = ConfigKeys.optional(env.getOrDefault(ENV_USERNAME, raw.username()));
        String password = env.getOrDefault(ENV_PASSWORD, raw.password());
        int poolSize = (int) ConfigKeys.atLeast(raw.poolSize() == null ? DEFAULT_POOL_SIZE : raw.poolSize(), 1,
                "jdbc.pool_size");
        long timeoutMs = ConfigKeys.atLeast(raw.connectionTimeoutMs() == null ? DEFAULT_CONNECTION_TIMEOUT_MS
                : raw.connectionTimeoutMs(), 250, "jdbc.connection_timeout_ms");
        List<JdbcRoute> routes = SinkRoute.readAll(config, TABLE, ROUTE_KEYS,
                (i, key, node, danube) -> route(config, key, node, raw.routes().get(i), danube));
        return new JdbcSinkSettings(url, username, password, dialect, poolSize, Duration.ofMillis(timeoutMs),
                routes);
    }

    private static JdbcRoute route(ConnectorConfig config, String key, JsonNode node, RawRoute raw,
                                   SinkRoute danube) {
        TableName table = TableName.parse(ConfigKeys.required(raw.to(), key + ".to"), key + ".to");
        List<String> keyColumns = new ArrayList<>();
        List<String> rawKeys = raw.keyColumns() == null ? List.of() : raw.keyColumns();
        for (int k = 0; k < rawKeys.size(); k++) {
            keyColumns.add(TableName.identifier(rawKeys.get(k), key + ".key_columns[" + k + "]"));
        }
        WriteMode mode = ConfigKeys.choice(raw.insertMode(), key + ".insert_mode",
                keyColumns.isEmpty() ? WriteMode.INSERT : WriteMode.UPSERT);
        if (mode == WriteMode.UPSERT && keyColumns.isEmpty()) {
            throw new ConfigurationException(key + ".key_columns: required for insert_mode = \"upsert\" (the "
                    + "columns that identify a row, e.g. [\"order_id\"] or a message_id column)");
        }

        List<ColumnMapping> columns = new ArrayList<>();
        List<RawMapping> mappings = raw.fieldMappings() == null ? List.of() : raw.fieldMappings();
        JsonNode mappingNodes = node.get("field_mappings");
        for (int m = 0; m < mappings.size(); m++) {
            String mkey = key + ".field_mappings[" + m + "]";
            ConfigKeys.checkKnown(config, mappingNodes.get(m), mkey, MAPPING_KEYS);
            columns.add(mapping(mkey, mappings.get(m), keyColumns));
        }
        String payloadColumn = ConfigKeys.optional(raw.payloadColumn());
        if (payloadColumn != null) {
            columns.add(new ColumnMapping(TableName.identifier(payloadColumn, key + ".payload_column"),
                    JsonPath.parse("$", key + ".payload_column"), null, DataType.JSON, false));
        }
        if (columns.isEmpty()) {
            throw new ConfigurationException(key + ": needs field_mappings or payload_column (which columns to "
                    + "write)");
        }
        Set<String> seen = new HashSet<>();
        for (ColumnMapping c : columns) {
            if (!seen.add(c.column())) {
                throw new ConfigurationException(key + ": column '" + c.column() + "' is written twice (field_mappings"
                        + " and payload_column must name different columns)");
            }
        }
        for (int k = 0; k < keyColumns.size(); k++) {
            if (!seen.contains(keyColumns.get(k))) {
                throw new ConfigurationException(key + ".key_columns[" + k + "]: '" + keyColumns.get(k) + "' is not "
                        + "one of the route's columns " + columns.stream().map(ColumnMapping::column).toList());
            }
        }
        boolean create = raw.createTable() != null && raw.createTable();
        return new JdbcRoute(key, danube, table, mode, List.copyOf(keyColumns), List.copyOf(columns), create);
    }

    private static ColumnMapping mapping(String key, RawMapping raw, List<String> keyColumns) {
        String column = TableName.identifier(ConfigKeys.required(raw.column(), key + ".column"), key + ".column");
        String path = ConfigKeys.optional(raw.jsonPath());
        String metadata = ConfigKeys.optional(raw.metadata());
        if ((path == null) == (metadata == null)) {
            throw new ConfigurationException(key + ": set exactly one of json_path (a field of the payload) and "
                    + "metadata (topic, message_id, offset, publish_time, producer_name, key, attributes.<name>)");
        }
        DataType type = DataType.parse(raw.dataType(), key + ".data_type");
        boolean isKey = keyColumns.contains(column);
        if (isKey && Boolean.TRUE.equals(raw.nullable())) {
            throw new ConfigurationException(key + ".nullable: '" + column + "' is a key column, so it cannot be "
                    + "nullable");
        }
        boolean nullable = !isKey && (raw.nullable() == null || raw.nullable());
        return new ColumnMapping(column, path == null ? null : JsonPath.parse(path, key + ".json_path"),
                metadata == null ? null : MetadataField.parse(metadata, key + ".metadata"), type, nullable);
    }


    /** The URL without its query string (which may carry a password), for logs. */
    String redactedUrl() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "JdbcSinkSettings{url=" + redactedUrl() + ", username=" + username + ", password="
                + (password == null ? "none" : "***") + ", routes=" + routes + "}";
    }
}
