package com.danubemessaging.connect.connectors.postgrescdc;

import com.danubemessaging.connect.api.ConfigKeys;
import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code [postgres_cdc]} table of {@code source-postgres-cdc}, validated. Every key is documented in
 * {@code connectors/postgres-cdc/README.md}; the password is never printed.
 */
final class PostgresCdcSettings {

    static final String TABLE = "postgres_cdc";
    static final Set<String> KEYS = Set.of("host", "port", "database", "user", "password", "ssl_mode",
            "ssl_root_cert", "tables", "topic", "partitions", "reliable_dispatch", "routes", "slot_name",
            "publication_name", "snapshot_mode", "offset_file", "heartbeat_interval_ms", "decimal_handling",
            "debezium");
    static final Set<String> ROUTE_KEYS = Set.of("table", "topic", "key", "partitions", "reliable_dispatch");
    static final Set<String> SNAPSHOT_MODES = Set.of("initial", "no_data", "when_needed");
    static final Set<String> DECIMAL_MODES = Set.of("string", "double", "precise");
    static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    static final String DEFAULT_TOPIC = "/default/{schema}-{table}";
    static final long DEFAULT_HEARTBEAT_MS = 10_000;

    /** Env variables that override a key when set (beside {@code ${env:NAME}} placeholders in the TOML). */
    static final Map<String, String> ENV_OVERRIDES = Map.of(
            "POSTGRES_CDC_HOST", "host",
            "POSTGRES_CDC_PORT", "port",
            "POSTGRES_CDC_DATABASE", "database",
            "POSTGRES_CDC_USER", "user",
            "POSTGRES_CDC_PASSWORD", "password");

    private static final String TOPIC_PATTERN = "/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+";
    private static final String SLOT_PATTERN = "[a-z0-9_]{1,63}";

    record Raw(String host, Integer port, String database, String user, String password, String sslMode,
               String sslRootCert, List<String> tables, String topic, Integer partitions, Boolean reliableDispatch,
               List<RawRoute> routes, String slotName, String publicationName, String snapshotMode,
               String offsetFile, Long heartbeatIntervalMs, String decimalHandling) {
    }

    record RawRoute(String table, String topic, List<String> key, Integer partitions, Boolean reliableDispatch) {
    }

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final String sslMode;
    private final String sslRootCert;
    private final List<TableRoute> routes;
    private final String slotName;
    private final String publicationName;
    private final String snapshotMode;
    private final Path offsetFile;
    private final long heartbeatIntervalMs;
    private final String decimalHandling;
    private final Map<String, String> debezium;

    private PostgresCdcSettings(Raw raw, Map<String, String> env, String connectorName, Map<String, String> debezium) {
        this.host = required(override(env, "host", raw.host()), "host");
        String portText = override(env, "port", raw.port() == null ? null : raw.port().toString());
        this.port = portText == null ? 5432 : parsePort(portText);
        this.database = required(override(env, "database", raw.database()), "database");
        this.user = required(override(env, "user", raw.user()), "user");
        String pw = override(env, "password", raw.password());
        this.password = pw == null ? "" : pw;
        this.sslMode = oneOf("ssl_mode", raw.sslMode(), "prefer", SSL_MODES);
        this.sslRootCert = blankToNull(raw.sslRootCert());
        this.slotName = raw.slotName() == null ? defaultSlotName(connectorName) : raw.slotName().trim();
        if (!slotName.matches(SLOT_PATTERN)) {
            throw new ConfigurationException(key("slot_name") + ": \"" + slotName + "\" is not a valid replication"
                    + " slot name (1-63 of a-z, 0-9 and _)");
        }
        this.publicationName = raw.publicationName() == null ? slotName : raw.publicationName().trim();
        if (!publicationName.matches(SLOT_PATTERN)) {
            throw new ConfigurationException(key("publication_name") + ": \"" + publicationName + "\" is not a"
                    + " valid publication name here (1-63 of a-z, 0-9 and _)");
        }
        this.snapshotMode = oneOf("snapshot_mode", raw.snapshotMode(), "initial", SNAPSHOT_MODES);
        this.offsetFile = raw.offsetFile() == null || raw.offsetFile().isBlank()
                ? defaultOffsetFile(connectorName) : Path.of(raw.offsetFile().trim());
        this.heartbeatIntervalMs = raw.heartbeatIntervalMs() == null ? DEFAULT_HEARTBEAT_MS : raw.heartbeatIntervalMs();
        if (heartbeatIntervalMs < 0) {
            throw new ConfigurationException(key("heartbeat_interval_ms") + ": must be >= 0 (0 = off), got "
                    + heartbeatIntervalMs);
        }
        this.decimalHandling = oneOf("decimal_handling", raw.decimalHandling(), "string", DECIMAL_MODES);
        this.routes = routes(raw);
        this.debezium = Map.copyOf(debezium);
    }

    /**
     * Reads and validates {@code [postgres_cdc]}.
     *
     * @param env the process environment, for {@link #ENV_OVERRIDES}
     * @throws ConfigurationException naming the key and the reason
     */
    static PostgresCdcSettings from(ConnectorConfig config, Map<String, String> env) {
        Raw raw = config.bind(TABLE, Raw.class);
        JsonNode table = config.raw().get(TABLE);
        ConfigKeys.checkKnown(config, table, TABLE, KEYS);
        JsonNode routes = table.get("routes");
        if (routes != null && routes.isArray()) {
            for (int i = 0; i < routes.size(); i++) {
                ConfigKeys.checkKnown(config, routes.get(i), TABLE + ".routes[" + i + "]", ROUTE_KEYS);
            }
        }
        return new PostgresCdcSettings(raw, env, config.connectorName(), debeziumProperties(table.get("debezium")));
    }

    private List<TableRoute> routes(Raw raw) {
        String template = raw.topic() == null ? DEFAULT_TOPIC : raw.topic().trim();
        int partitions = nonNegative(raw.partitions(), "partitions");
        boolean reliable = raw.reliableDispatch() == null || raw.reliableDispatch();
        Map<TableName, TableRoute> byTable = new LinkedHashMap<>();
        List<RawRoute> rawRoutes = raw.routes() == null ? List.of() : raw.routes();
        for (int i = 0; i < rawRoutes.size(); i++) {
            RawRoute r = rawRoutes.get(i);
            String prefix = "routes[" + i + "]";
            TableName name = TableName.parse(r.table(), key(prefix + ".table"));
            String topic = r.topic() == null ? expand(template, name, key("topic"))
                    : topic(r.topic().trim(), key(prefix + ".topic"));
            List<String> keyColumns = r.key() == null ? List.of() : r.key().stream().map(String::trim).toList();
            if (keyColumns.stream().anyMatch(String::isEmpty) || new LinkedHashSet<>(keyColumns).size()
                    != keyColumns.size()) {
                throw new ConfigurationException(key(prefix + ".key") + ": column names must be non-blank and"
                        + " distinct, got " + r.key());
            }
            int routePartitions = r.partitions() == null ? partitions : nonNegative(r.partitions(),
                    prefix + ".partitions");
            boolean routeReliable = r.reliableDispatch() == null ? reliable : r.reliableDispatch();
            if (byTable.put(name, new TableRoute(name, topic, keyColumns, routePartitions, routeReliable)) != null) {
                throw new ConfigurationException(key(prefix + ".table") + ": " + name + " has more than one route");
            }
        }
        for (String t : raw.tables() == null ? List.<String>of() : raw.tables()) {
            TableName name = TableName.parse(t, key("tables"));
            byTable.putIfAbsent(name, new TableRoute(name, expand(template, name, key("topic")), List.of(),
                    partitions, reliable));
        }
        if (byTable.isEmpty()) {
            throw new ConfigurationException(key("tables") + ": no table to capture; list tables = [\"public.orders\"]"
                    + " or add [[" + TABLE + ".routes]] entries");
        }
        Map<String, TableRoute> byTopic = new LinkedHashMap<>();
        for (TableRoute route : byTable.values()) {
            TableRoute other = byTopic.putIfAbsent(route.topic(), route);
            if (other != null && (other.partitions() != route.partitions()
                    || other.reliableDispatch() != route.reliableDispatch())) {
                throw new ConfigurationException(key("routes") + ": tables " + other.table() + " and "
                        + route.table() + " share topic " + route.topic()
                        + " but differ in partitions or reliable_dispatch");
            }
        }
        return List.copyOf(byTable.values());
    }

    private static String expand(String template, TableName table, String key) {
        String topic = template.replace("{schema}", table.schema()).replace("{table}", table.table());
        if (!topic.matches(TOPIC_PATTERN)) {
            throw new ConfigurationException(key + ": table " + table + " gives topic \"" + topic + "\", which is not"
                    + " /namespace/topic (letters, digits, _ and -); give the table a route with an explicit topic");
        }
        return topic;
    }

    private static String topic(String topic, String key) {
        if (!topic.matches(TOPIC_PATTERN)) {
            throw new ConfigurationException(key + ": must be /namespace/topic (letters, digits, _ and -), got \""
                    + topic + "\"");
        }
        return topic;
    }

    /** Debezium property overrides: {@code [postgres_cdc.debezium]}, string, number or boolean values. */
    private static Map<String, String> debeziumProperties(JsonNode node) {
        Map<String, String> result = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return result;
        }
        if (!node.isObject()) {
            throw new ConfigurationException(key("debezium") + ": must be a table of Debezium properties");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new ConfigurationException(key("debezium") + "." + e.getKey()
                        + ": must be a string, number or boolean");
            }
            String name = e.getKey();
            if (DebeziumProperties.RESERVED.contains(name) || name.startsWith("offset.")
                    || name.startsWith("database.") || name.startsWith("converter.")) {
                throw new ConfigurationException(key("debezium") + "." + name + ": set by the connector and cannot"
                        + " be overridden (it carries the delivery guarantee or has its own key in [" + TABLE + "])");
            }
            result.put(name, e.getValue().asText());
        }
        return result;
    }

    private static String override(Map<String, String> env, String key, String value) {
        for (Map.Entry<String, String> e : ENV_OVERRIDES.entrySet()) {
            if (e.getValue().equals(key)) {
                String fromEnv = env.get(e.getKey());
                if (fromEnv != null && !fromEnv.isEmpty()) {
                    return fromEnv;
                }
            }
        }
        return value;
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(key("port") + ": expected a port number 1-65535, got \"" + text + "\"");
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(key(name) + ": required");
        }
        return value.trim();
    }

    private static int nonNegative(Integer value, String name) {
        if (value != null && value < 0) {
            throw new ConfigurationException(key(name) + ": must be >= 0, got " + value);
        }
        return value == null ? 0 : value;
    }

    private static String oneOf(String name, String value, String fallback, Set<String> allowed) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new ConfigurationException(key(name) + ": \"" + value + "\" is not one of "
                    + String.join(", ", new TreeSet<>(allowed)));
        }
        return v;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * {@code <java.io.tmpdir>/danube-connect/<connector_name>.offsets.json}: under the operator /tmp is the pod's
     * emptyDir (the root file system is read-only), which outlives container restarts but not the pod.
     */
    static Path defaultOffsetFile(String connectorName) {
        return Path.of(System.getProperty("java.io.tmpdir"), "danube-connect", connectorName + ".offsets.json");
    }

    /** {@code danube_} + the connector name in the characters a slot name allows. */
    static String defaultSlotName(String connectorName) {
        String name = "danube_" + connectorName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    private static String key(String name) {
        return TABLE + "." + name;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String database() {
        return database;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    String sslMode() {
        return sslMode;
    }

    String sslRootCert() {
        return sslRootCert;
    }

    List<TableRoute> routes() {
        return routes;
    }

    String slotName() {
        return slotName;
    }

    String publicationName() {
        return publicationName;
    }

    String snapshotMode() {
        return snapshotMode;
    }

    Path offsetFile() {
        return offsetFile;
    }

    long heartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    String decimalHandling() {
        return decimalHandling;
    }

    Map<String, String> debezium() {
        return debezium;
    }

    /** Opens a plain (non-replication) JDBC connection with these settings. */
    java.sql.Connection connect() throws java.sql.SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("sslmode", sslMode);
        if (sslRootCert != null) {
            props.setProperty("sslrootcert", sslRootCert);
        }
        props.setProperty("ApplicationName", "danube-postgres-cdc");
        props.setProperty("connectTimeout", "10");
        return java.sql.DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, props);
    }

    @Override
    public String toString() {
        return "postgres_cdc{" + user + "@" + host + ":" + port + "/" + database + ", slot=" + slotName
                + ", publication=" + publicationName + ", tables=" + routes.stream().map(r -> r.table().toString())
                .toList() + "}";
    }
}
