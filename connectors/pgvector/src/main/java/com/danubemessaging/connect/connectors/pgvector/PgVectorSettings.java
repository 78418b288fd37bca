package com.danubemessaging.connect.connectors.pgvector;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.connectors.common.ConfigTable;
import com.danubemessaging.connect.connectors.common.SinkRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code [pgvector]} table of {@code sink-pgvector}, validated. Env {@code PGVECTOR_URL},
 * {@code PGVECTOR_USERNAME} and {@code PGVECTOR_PASSWORD} override the keys of the same names, as sink-qdrant's
 * {@code QDRANT_URL} and {@code QDRANT_API_KEY} do.
 *
 * @param url      {@code url}: {@code jdbc:postgresql://host:5432/database} (required)
 * @param username {@code username}: default {@code postgres}
 * @param password {@code password}: default none; never logged
 * @param timeout  {@code timeout_secs}: the longest wait for a connection and for one statement (default 30)
 * @param routes   {@code [[pgvector.routes]]}: one per topic, at least one
 */
public record PgVectorSettings(String url, String username, String password, Duration timeout,
                               List<PgVectorRoute> routes) {

    static final String TABLE = "pgvector";

    /**
     * Reads and validates {@code [pgvector]}.
     *
     * @param env the process environment, for the overrides
     * @throws ConfigurationException naming the key and the reason (never the password)
     */
    public static PgVectorSettings from(ConnectorConfig config, Map<String, String> env) {
        ConfigTable table = ConfigTable.root(config, TABLE);
        String url = override(env, "PGVECTOR_URL", table.string("url").orElse(null));
        if (url == null) {
            throw new ConfigurationException(table.key("url") + ": required (or env PGVECTOR_URL)");
        }
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new ConfigurationException(table.key("url") + ": must be jdbc:postgresql://host:port/database, got"
                    + " \"" + redact(url) + "\"");
        }
        String username = override(env, "PGVECTOR_USERNAME", table.string("username", "postgres"));
        String password = override(env, "PGVECTOR_PASSWORD", table.rawString("password").orElse(null));
        Duration timeout = Duration.ofSeconds(table.integer("timeout_secs", 30, 1, 3_600));
        List<ConfigTable> routeTables = table.tables("routes");
        table.reportUnknownKeys();
        if (routeTables.isEmpty()) {
            throw new ConfigurationException(table.key("routes") + ": at least one [[pgvector.routes]] is required");
        }
        List<PgVectorRoute> routes = new ArrayList<>();
        for (ConfigTable route : routeTables) {
            routes.add(PgVectorRoute.read(route, config.connectorName()));
            route.reportUnknownKeys();
        }
        SinkRoute.requireDistinctTopics(routes.stream().map(PgVectorRoute::source).toList(),
                i -> routeTables.get(i).path());
        return new PgVectorSettings(url, username, password, timeout, List.copyOf(routes));
    }

    private static String override(Map<String, String> env, String name, String value) {
        String fromEnv = env.get(name);
        return fromEnv == null || fromEnv.isEmpty() ? value : fromEnv;
    }

    /** The URL without its query string, which may carry a password. */
    String redactedUrl() {
        return redact(url);
    }

    private static String redact(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }

    /** The password and the URL's query string are left out. */
    @Override
    public String toString() {
        return "PgVectorSettings{url=" + redactedUrl() + ", username=" + username + ", password="
                + (password == null || password.isEmpty() ? "<none>" : "<set>") + ", timeout=" + timeout
                + ", routes=" + routes.stream().map(PgVectorRoute::label).toList() + "}";
    }
}
