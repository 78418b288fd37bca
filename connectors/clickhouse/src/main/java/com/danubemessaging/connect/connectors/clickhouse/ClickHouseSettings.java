package com.danubemessaging.connect.connectors.clickhouse;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.connectors.common.ConfigTable;
import com.danubemessaging.connect.connectors.common.SinkRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code [clickhouse]} table of {@code sink-clickhouse}, validated. Env {@code CLICKHOUSE_URL},
 * {@code CLICKHOUSE_DATABASE}, {@code CLICKHOUSE_USERNAME} and {@code CLICKHOUSE_PASSWORD} override the keys of the
 * same names, as the Rust connectors' env overrides do.
 *
 * @param url                 {@code url}: the HTTP interface, {@code http://host:8123} or {@code https://…} (required)
 * @param database            {@code database}: the database of unqualified table names (default {@code default})
 * @param username            {@code username}: default {@code default}
 * @param password            {@code password}: default empty; never logged
 * @param connectTimeout      {@code connect_timeout_ms}: default 5000
 * @param requestTimeout      {@code request_timeout_ms}: how long one INSERT may take, default 30000
 * @param deduplicationToken  {@code deduplication_token}: {@code auto} (default), {@code always} or {@code never}
 * @param routes              {@code [[clickhouse.routes]]}: one per topic (at least one)
 */
public record ClickHouseSettings(String url, String database, String username, String password,
                                 Duration connectTimeout, Duration requestTimeout, TokenMode deduplicationToken,
                                 List<ClickHouseRoute> routes) {
    static final String TABLE = "clickhouse";

    /** When an INSERT carries {@code insert_deduplication_token}. */
    public enum TokenMode {
        /** When the server knows the setting (ClickHouse 22.2 and later); older servers never get it. */
        AUTO,
        /** Always; a server that does not know the setting stops the connector at start. */
        ALWAYS,
        /** Never. */
        NEVER
    }

    /**
     * Reads and validates {@code [clickhouse]}.
     *
     * @param env the process environment, for the overrides
     * @throws ConfigurationException naming the key and the reason
     */
    public static ClickHouseSettings from(ConnectorConfig config, Map<String, String> env) {
        ConfigTable table = ConfigTable.root(config, TABLE);
        String url = override(env, "CLICKHOUSE_URL", table.string("url").orElse(null));
        if (url == null) {
            throw new ConfigurationException(table.key("url") + ": required (or env CLICKHOUSE_URL)");
        }
        if (!url.matches("https?://[^/\\s]+/?")) {
            throw new ConfigurationException(table.key("url") + ": must be http://host:port or https://host:port,"
                    + " got \"" + url + "\"");
        }
        String database = override(env, "CLICKHOUSE_DATABASE", table.string("database", "default"));
        Identifiers.require(database, table.key("database"));
        String username = override(env, "CLICKHOUSE_USERNAME", table.string("username", "default"));
        String password = override(env, "CLICKHOUSE_PASSWORD", table.rawString("password").orElse(""));
        Duration connect = Duration.ofMillis(table.integer("connect_timeout_ms", 5_000, 1, 600_000));
        Duration request = Duration.ofMillis(table.integer("request_timeout_ms", 30_000, 1, 3_600_000));
        TokenMode token = TokenMode.valueOf(table.choice("deduplication_token", "auto",
                Set.of("auto", "always", "never")).toUpperCase(java.util.Locale.ROOT));
        List<ConfigTable> routeTables = table.tables("routes");
        table.reportUnknownKeys();
        if (routeTables.isEmpty()) {
            throw new ConfigurationException(table.key("routes") + ": at least one [[clickhouse.routes]] is required");
        }
        List<ClickHouseRoute> routes = new ArrayList<>();
        for (ConfigTable route : routeTables) {
            routes.add(ClickHouseRoute.read(route, config.connectorName(), database));
        }
        SinkRoute.requireDistinctTopics(routes.stream().map(ClickHouseRoute::source).toList(),
                i -> routeTables.get(i).path());
        return new ClickHouseSettings(url.replaceAll("/$", ""), database, username, password, connect, request,
                token, List.copyOf(routes));
    }

    private static String override(Map<String, String> env, String name, String value) {
        String fromEnv = env.get(name);
        return fromEnv == null || fromEnv.isBlank() ? value : fromEnv.trim();
    }

    /** The password is left out. */
    @Override
    public String toString() {
        return "ClickHouseSettings{url=" + url + ", database=" + database + ", username=" + username
                + ", password=" + (password.isEmpty() ? "<empty>" : "<set>") + ", connect_timeout=" + connectTimeout
                + ", request_timeout=" + requestTimeout + ", deduplication_token=" + deduplicationToken
                + ", routes=" + routes + "}";
    }
}
