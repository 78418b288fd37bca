package com.danubemessaging.connect.connectors.webhook;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.ConfigKeys;
import com.danubemessaging.connect.connectors.common.RouteTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The tables of {@code source-webhook}, with upstream's keys, defaults and env overrides ({@code SERVER_HOST},
 * {@code SERVER_PORT}): {@code [server]}, {@code [auth]}, the optional {@code [rate_limit]} and {@code [[routes]]}
 * (each with an optional {@code [routes.rate_limit]}).
 */
record WebhookSettings(Server server, Auth auth, RateLimit rateLimit, List<Route> routes) {

    static final Set<String> SERVER_KEYS = Set.of("host", "port", "timeout_seconds", "max_body_size",
            "tls_cert_path", "tls_key_path");
    static final Set<String> AUTH_KEYS = Set.of("type", "secret_env", "header", "algorithm", "public_key_path",
            "timestamp_header", "timestamp_tolerance_secs");
    static final Set<String> RATE_KEYS = Set.of("requests_per_second", "burst_size", "per_ip_enabled",
            "per_ip_requests_per_second");
    static final Set<String> ROUTE_KEYS = Set.of("from", "to", "partitions", "reliable_dispatch", "rate_limit");

    /**
     * {@code [server]}.
     *
     * @param tlsCertPath PEM certificate chain (path or text); with {@code tlsKeyPath} the server speaks HTTPS
     */
    record Server(String host, int port, int timeoutSeconds, int maxBodySize, String tlsCertPath,
                  String tlsKeyPath) {
    }

    /** {@code [auth]}; {@code secret} is the value of the env var {@code secret_env} names, never logged. */
    record Auth(AuthType type, String secretEnv, String secret, String header, String algorithm, String publicKeyPath,
                String timestampHeader, long timestampToleranceSecs) {
        @Override
        public String toString() {
            return "Auth{type=" + type + ", secret_env=" + secretEnv + ", header=" + header + ", algorithm="
                    + algorithm + "}";
        }
    }

    enum AuthType { NONE, APIKEY, HMAC, JWT }

    /** A {@code [rate_limit]} table: a token bucket, optionally one more per client IP. */
    record RateLimit(double requestsPerSecond, int burstSize, boolean perIpEnabled, double perIpRequestsPerSecond) {
    }

    /** One {@code [[routes]]} entry. */
    record Route(String from, String to, int partitions, boolean reliableDispatch, RateLimit rateLimit) {
    }

    record RawServer(String host, Integer port, Integer timeoutSeconds, Integer maxBodySize, String tlsCertPath,
                     String tlsKeyPath) {
    }

    record RawAuth(String type, String secretEnv, String header, String algorithm, String publicKeyPath,
                   String timestampHeader, Long timestampToleranceSecs) {
    }

    record RawRateLimit(Double requestsPerSecond, Integer burstSize, Boolean perIpEnabled,
                        Double perIpRequestsPerSecond) {
    }

    record RawRoute(String from, String to, Integer partitions, Boolean reliableDispatch, RawRateLimit rateLimit) {
    }

    record Raw(RawServer server, RawAuth auth, RawRateLimit rateLimit, List<RawRoute> routes) {
    }

    /**
     * Reads and validates the tables; {@code env} gives the overrides and the secret {@code secret_env} names.
     *
     * @throws ConfigurationException naming the key (or env var) and the reason
     */
    static WebhookSettings from(ConnectorConfig config, Map<String, String> env) {
        Raw raw = config.bind(Raw.class);
        JsonNode root = config.raw();
        ConfigKeys.checkKnown(config, root.get("server"), "server", SERVER_KEYS);
        ConfigKeys.checkKnown(config, root.get("auth"), "auth", AUTH_KEYS);
        ConfigKeys.checkKnown(config, root.get("rate_limit"), "rate_limit", RATE_KEYS);
        if (raw.server() == null) {
            throw new ConfigurationException("server: required table [server] is missing (host, port, ...)");
        }
        if (raw.auth() == null) {
            throw new ConfigurationException("auth: required table [auth] is missing (type = \"none\" serves"
                    + " without authentication)");
        }
        return new WebhookSettings(server(raw.server(), env), auth(raw.auth(), env),
                rateLimit(raw.rateLimit(), "rate_limit"), routes(config, raw.routes(), root.get("routes")));
    }

    private static Server server(RawServer s, Map<String, String> env) {
        String host = env.getOrDefault("SERVER_HOST", s.host() == null ? "0.0.0.0" : s.host());
        int port;
        if (env.containsKey("SERVER_PORT")) {
            try {
                port = Integer.parseInt(env.get("SERVER_PORT").trim());
            } catch (NumberFormatException e) {
                throw new ConfigurationException("SERVER_PORT: expected a port number, got \"" + env.get("SERVER_PORT")
                        + "\"");
            }
        } else {
            port = s.port() == null ? 8080 : s.port();
        }
        ConfigKeys.required(host, "server.host");
        ConfigKeys.range(port, 0, 65535, env.containsKey("SERVER_PORT") ? "SERVER_PORT" : "server.port");
        int timeout = (int) ConfigKeys.range(s.timeoutSeconds() == null ? 30 : s.timeoutSeconds(), 1, 3600,
                "server.timeout_seconds");
        int maxBody = (int) ConfigKeys.range(s.maxBodySize() == null ? 1_048_576 : s.maxBodySize(), 1,
                Integer.MAX_VALUE - 1, "server.max_body_size");
        String cert = pem(s.tlsCertPath());
        String key = pem(s.tlsKeyPath());
        if ((cert == null) != (key == null)) {
            throw new ConfigurationException((cert == null ? "server.tls_cert_path" : "server.tls_key_path")
                    + ": required together with " + (cert == null ? "server.tls_key_path" : "server.tls_cert_path")
                    + " (HTTPS needs the certificate and its key)");
        }
        return new Server(host.trim(), port, timeout, maxBody, cert, key);
    }

    private static Auth auth(RawAuth a, Map<String, String> env) {
        AuthType type = authType(a.type());
        String header = a.header() == null || a.header().isBlank() ? null : a.header().trim();
        String secretEnv = a.secretEnv() == null || a.secretEnv().isBlank() ? null : a.secretEnv().trim();
        String publicKey = pem(a.publicKeyPath());
        String algorithm = a.algorithm() == null ? null : a.algorithm().trim().toLowerCase(Locale.ROOT);
        long tolerance = ConfigKeys.range(a.timestampToleranceSecs() == null ? 300 : a.timestampToleranceSecs(), 1,
                7 * 24 * 3600, "auth.timestamp_tolerance_secs");
        String timestampHeader = a.timestampHeader() == null || a.timestampHeader().isBlank() ? null
                : a.timestampHeader().trim();
        String secret = null;
        switch (type) {
            case NONE -> {
                return new Auth(type, null, null, null, null, null, null, tolerance);
            }
            case APIKEY -> {
                secret = secret(secretEnv, env, "API key");
                header = header == null ? "x-api-key" : header;
            }
            case HMAC -> {
                secret = secret(secretEnv, env, "HMAC signing secret");
                header = header == null ? "x-signature" : header;
                algorithm = algorithm == null ? "sha256" : algorithm;
                if (!algorithm.equals("sha256") && !algorithm.equals("sha512")) {
                    throw new ConfigurationException("auth.algorithm: must be \"sha256\" or \"sha512\", got \""
                            + a.algorithm() + "\"");
                }
            }
            case JWT -> {
                if (secretEnv == null && publicKey == null) {
                    throw new ConfigurationException("auth.secret_env: required for type = \"jwt\" (the env var with"
                            + " the HMAC secret), unless auth.public_key_path names a PEM public key");
                }
                if (secretEnv != null && publicKey != null) {
                    throw new ConfigurationException("auth.public_key_path: set together with auth.secret_env; a JWT"
                            + " is verified with one of them, set only one");
                }
                if (secretEnv != null) {
                    secret = secret(secretEnv, env, "JWT secret");
                }
            }
            default -> throw new IllegalStateException(type.toString());
        }
        return new Auth(type, secretEnv, secret, header, algorithm, publicKey, timestampHeader, tolerance);
    }

    private static AuthType authType(String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException("auth.type: required: \"none\", \"apikey\", \"hmac\" or \"jwt\"");
        }
        try {
            return AuthType.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("auth.type: must be \"none\", \"apikey\", \"hmac\" or \"jwt\", got \""
                    + value + "\"");
        }
    }

    private static String secret(String secretEnv, Map<String, String> env, String what) {
        if (secretEnv == null) {
            throw new ConfigurationException("auth.secret_env: required: the NAME of the environment variable that"
                    + " holds the " + what);
        }
        String value = env.get(secretEnv);
        if (value == null || value.isEmpty()) {
            throw new ConfigurationException("auth.secret_env: the environment variable " + secretEnv
                    + " (the " + what + ") is not set or empty");
        }
        return value;
    }

    private static RateLimit rateLimit(RawRateLimit r, String key) {
        if (r == null) {
            return null;
        }
        if (r.requestsPerSecond() == null || r.requestsPerSecond() <= 0) {
            throw new ConfigurationException(key + ".requests_per_second: required, > 0");
        }
        if (r.burstSize() == null || r.burstSize() < 1) {
            throw new ConfigurationException(key + ".burst_size: required, >= 1");
        }
        boolean perIp = Boolean.TRUE.equals(r.perIpEnabled());
        double perIpRate = r.perIpRequestsPerSecond() == null ? r.requestsPerSecond() : r.perIpRequestsPerSecond();
        if (perIp && perIpRate <= 0) {
            throw new ConfigurationException(key + ".per_ip_requests_per_second: must be > 0");
        }
        return new RateLimit(r.requestsPerSecond(), r.burstSize(), perIp, perIpRate);
    }

    private static List<Route> routes(ConnectorConfig config, List<RawRoute> raw, JsonNode node) {
        if (raw == null || raw.isEmpty()) {
            throw new ConfigurationException("routes: at least one [[routes]] entry (from = \"/path\", to ="
                    + " \"/namespace/topic\") is required");
        }
        List<Route> routes = new ArrayList<>();
        Map<String, Integer> paths = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            String key = "routes[" + i + "]";
            RawRoute r = raw.get(i);
            if (r == null) {
                throw new ConfigurationException(key + ": must be a table with from and to");
            }
            ConfigKeys.checkKnown(config, node == null ? null : node.get(i), key, ROUTE_KEYS);
            if (node != null && node.get(i) != null) {
                ConfigKeys.checkKnown(config, node.get(i).get("rate_limit"), key + ".rate_limit", RATE_KEYS);
            }
            String from = ConfigKeys.required(r.from(), key + ".from");
            if (!from.startsWith("/")) {
                throw new ConfigurationException(key + ".from: must start with '/', got \"" + from + "\"");
            }
            if (from.equals("/health") || from.equals("/ready")) {
                throw new ConfigurationException(key + ".from: " + from + " is the server's own endpoint");
            }
            Integer earlier = paths.putIfAbsent(from, i);
            if (earlier != null) {
                throw new ConfigurationException(key + ".from: duplicate path " + from + " (also routes[" + earlier
                        + "])");
            }
            String to = ConfigKeys.topic(r.to(), key + ".to");
            int partitions = (int) ConfigKeys.range(r.partitions() == null ? 0 : r.partitions(), 0, 10_000,
                    key + ".partitions");
            routes.add(new Route(from, to, partitions, Boolean.TRUE.equals(r.reliableDispatch()),
                    rateLimit(r.rateLimit(), key + ".rate_limit")));
        }
        producerConfigs(routes);
        return List.copyOf(routes);
    }

    /** One producer per distinct {@code to}. */
    List<ProducerConfig> producerConfigs() {
        return producerConfigs(routes);
    }

    private static List<ProducerConfig> producerConfigs(List<Route> routes) {
        return RouteTopics.distinct(routes.stream()
                .map(r -> ProducerConfig.of(r.to(), r.partitions(), r.reliableDispatch())).toList(),
                i -> "routes[" + i + "]");
    }

    /** A PEM source (a path, or the PEM text itself), or null when unset. */
    private static String pem(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
