package com.danubemessaging.connect.connectors.http;

import com.danubemessaging.connect.api.ConfigKeys;
import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.SinkRoute;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code [http]} table of {@code sink-http}, validated. Every key and default is in
 * {@code connectors/http/README.md}.
 *
 * @param timeout               {@code timeout_ms}: the whole request, from sending to the response's status line
 * @param connectTimeout        {@code connect_timeout_ms}: opening the TCP (and TLS) connection
 * @param maxInFlight           {@code max_in_flight}: requests sent at the same time in {@code record} mode
 * @param maxRetries            {@code max_retries}: retries of one request on 5xx, 408, 425, 429 and connection
 *                              errors before the batch is handed back to the runtime as retryable
 * @param retryBackoff          {@code retry_backoff_ms}: first wait between retries, doubled each time
 * @param maxBackoff            {@code max_backoff_ms}: the longest wait, also for a server's {@code Retry-After}
 * @param includeDanubeMetadata {@code include_danube_metadata}: in {@code array} mode each element is
 *                              {@code {"payload", "topic", "message_id", "publish_time", "producer", "key", "attributes"}}
 * @param routes                {@code [[http.routes]]}, at least one
 */
record HttpSinkSettings(Duration timeout, Duration connectTimeout, int maxInFlight, int maxRetries,
                        Duration retryBackoff, Duration maxBackoff, boolean includeDanubeMetadata,
                        List<HttpRoute> routes) {

    static final String TABLE = "http";
    static final Set<String> KEYS = Set.of("timeout_ms", "connect_timeout_ms", "method", "headers", "mode",
            "include_danube_metadata", "max_in_flight", "max_retries", "retry_backoff_ms", "max_backoff_ms",
            "routes");
    static final Set<String> ROUTE_KEYS = Set.of("to", "method", "headers", "mode");
    static final long DEFAULT_TIMEOUT_MS = 10_000;
    static final long DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
    static final int DEFAULT_MAX_IN_FLIGHT = 8;
    static final int DEFAULT_MAX_RETRIES = 3;
    static final long DEFAULT_RETRY_BACKOFF_MS = 200;
    static final long DEFAULT_MAX_BACKOFF_MS = 5_000;
    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH");

    /** The table as written; boxed so that a missing key is visible. */
    record Raw(Long timeoutMs, Long connectTimeoutMs, String method, Map<String, String> headers, String mode,
               Boolean includeDanubeMetadata, Integer maxInFlight, Integer maxRetries, Long retryBackoffMs,
               Long maxBackoffMs, List<RawRoute> routes) {
    }

    /** The connector's own keys of one route ({@link #ROUTE_KEYS}); {@link SinkRoute#readAll} reads the rest. */
    record RawRoute(String to, String method, Map<String, String> headers, String mode) {
    }

    /**
     * Reads and validates {@code [http]}.
     *
     * @throws ConfigurationException naming the key and the reason (never a header value: they hold secrets)
     */
    static HttpSinkSettings from(ConnectorConfig config) {
        Raw raw = config.bind(TABLE, Raw.class);
        ConfigKeys.checkKnown(config, TABLE, KEYS);
        Duration timeout = millis(raw.timeoutMs(), DEFAULT_TIMEOUT_MS, "http.timeout_ms");
        Duration connectTimeout = millis(raw.connectTimeoutMs(), DEFAULT_CONNECT_TIMEOUT_MS,
                "http.connect_timeout_ms");
        int maxInFlight = (int) ConfigKeys.atLeast(orDefault(raw.maxInFlight(), DEFAULT_MAX_IN_FLIGHT), 1,
                "http.max_in_flight");
        int maxRetries = (int) ConfigKeys.atLeast(orDefault(raw.maxRetries(), DEFAULT_MAX_RETRIES), 0,
                "http.max_retries");
        Duration retryBackoff = millis(raw.retryBackoffMs(), DEFAULT_RETRY_BACKOFF_MS, "http.retry_backoff_ms");
        Duration maxBackoff = millis(raw.maxBackoffMs(), DEFAULT_MAX_BACKOFF_MS, "http.max_backoff_ms");
        if (maxBackoff.compareTo(retryBackoff) < 0) {
            throw new ConfigurationException("http.max_backoff_ms: must not be less than http.retry_backoff_ms ("
                    + maxBackoff.toMillis() + " < " + retryBackoff.toMillis() + ")");
        }
        String method = method(raw.method(), "http.method", "POST");
        BodyMode mode = ConfigKeys.choice(raw.mode(), "http.mode", BodyMode.RECORD);
        Map<String, String> headers = headers(raw.headers(), "http.headers", Map.of());
        boolean metadata = raw.includeDanubeMetadata() != null && raw.includeDanubeMetadata();

        List<HttpRoute> routes = SinkRoute.readAll(config, TABLE, ROUTE_KEYS, (i, key, node, danube) -> {
            RawRoute r = raw.routes().get(i);
            return new HttpRoute(danube, endpoint(r.to(), key + ".to"), method(r.method(), key + ".method", method),
                    ConfigKeys.choice(r.mode(), key + ".mode", mode), headers(r.headers(), key + ".headers", headers));
        });
        return new HttpSinkSettings(timeout, connectTimeout, maxInFlight, maxRetries, retryBackoff, maxBackoff,
                metadata, routes);
    }

    private static URI endpoint(String value, String key) {
        String text = ConfigKeys.required(value, key);
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(key + ": not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigurationException(key + ": must be an http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ConfigurationException(key + ": the URL has no host");
        }
        return uri;
    }

    private static String method(String value, String key, String fallback) {
        if (value == null) {
            return fallback;
        }
        String method = value.trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new ConfigurationException(key + ": must be POST, PUT or PATCH (got \"" + value + "\")");
        }
        return method;
    }

    /**
     * Merges {@code headers} over {@code base} (names compare case-insensitively, the later one wins) and checks
     * each one is a header the JDK client may send. Values are never put in messages: they hold tokens.
     */
    private static Map<String, String> headers(Map<String, String> headers, String key, Map<String, String> base) {
        Map<String, String> merged = new LinkedHashMap<>(base);
        if (headers == null) {
            return Map.copyOf(merged);
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey().trim();
            String value = h.getValue() == null ? "" : h.getValue();
            try {
                HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, value);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(key + "." + name + ": not a header the HTTP client can send "
                        + "(restricted name such as Host, Content-Length or Connection, or a name or value with "
                        + "control characters)");
            }
            merged.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            merged.put(name, value);
        }
        return Map.copyOf(merged);
    }

    private static Duration millis(Long value, long fallback, String key) {
        long ms = value == null ? fallback : value;
        return Duration.ofMillis(ConfigKeys.atLeast(ms, 1, key));
    }

    private static long orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }


    /** Never prints headers: they carry tokens. */
    @Override
    public String toString() {
        return "HttpSinkSettings{routes=" + routes.stream().map(r -> r.danube().from() + " -> " + r.redactedUrl())
                .toList() + ", mode/timeout=" + timeout.toMillis() + "ms, max_in_flight=" + maxInFlight + "}";
    }
}
