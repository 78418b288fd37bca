package com.danubemessaging.connect.connectors.mqtt;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.ConfigKeys;
import com.danubemessaging.connect.connectors.common.RouteTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code [mqtt]} table of {@code source-mqtt}, with upstream's keys, defaults and env overrides
 * ({@code MQTT_BROKER_HOST}, {@code MQTT_BROKER_PORT}, {@code MQTT_CLIENT_ID}, {@code MQTT_USERNAME},
 * {@code MQTT_PASSWORD}, {@code MQTT_USE_TLS}), plus the TLS files and {@code persistence_dir} upstream lacks.
 * {@link #toString()} never shows the password.
 */
record MqttSettings(String brokerHost, int brokerPort, String clientId, String username, String password,
                    boolean useTls, String caFile, String clientCertFile, String clientKeyFile, int keepAliveSecs,
                    int connectionTimeoutSecs, long maxPacketSize, boolean cleanSession, boolean includeMetadata,
                    boolean tcpNodelay, Path persistenceDir, List<MqttRoute> routes) {

    private static final Logger LOG = LoggerFactory.getLogger(MqttSettings.class);
    static final String TABLE = "mqtt";
    static final Set<String> KEYS = Set.of("broker_host", "broker_port", "client_id", "username", "password",
            "use_tls", "ca_file", "client_cert_file", "client_key_file", "keep_alive_secs", "connection_timeout_secs",
            "max_packet_size", "clean_session", "include_metadata", "tcp_nodelay", "persistence_dir", "routes");
    static final Set<String> ROUTE_KEYS = Set.of("from", "to", "qos", "partitions", "reliable_dispatch");

    /** The table as written; boxed so that a missing key is visible. */
    record Raw(String brokerHost, Integer brokerPort, String clientId, String username, String password,
               Boolean useTls, String caFile, String clientCertFile, String clientKeyFile, Integer keepAliveSecs,
               Integer connectionTimeoutSecs, Long maxPacketSize, Boolean cleanSession, Boolean includeMetadata,
               Boolean tcpNodelay, String persistenceDir, List<RawRoute> routes) {
    }

    record RawRoute(String from, String to, String qos, Integer partitions, Boolean reliableDispatch) {
    }

    /**
     * Reads, overrides from {@code env} and validates {@code [mqtt]}.
     *
     * @throws ConfigurationException naming the key (or env var) and the reason
     */
    static MqttSettings from(ConnectorConfig config, Map<String, String> env) {
        Raw raw = config.bind(TABLE, Raw.class);
        JsonNode table = config.raw().get(TABLE);
        ConfigKeys.checkKnown(config, table, TABLE, KEYS);

        String host = env.getOrDefault("MQTT_BROKER_HOST", raw.brokerHost());
        int port = env.containsKey("MQTT_BROKER_PORT") ? envPort(env.get("MQTT_BROKER_PORT"))
                : raw.brokerPort() == null ? 1883 : raw.brokerPort();
        String clientId = env.getOrDefault("MQTT_CLIENT_ID", raw.clientId());
        String username = env.getOrDefault("MQTT_USERNAME", raw.username());
        String password = env.getOrDefault("MQTT_PASSWORD", raw.password());
        boolean useTls = env.containsKey("MQTT_USE_TLS") ? envBoolean("MQTT_USE_TLS", env.get("MQTT_USE_TLS"))
                : Boolean.TRUE.equals(raw.useTls());

        host = ConfigKeys.required(host, "mqtt.broker_host");
        ConfigKeys.range(port, 1, 65535, "mqtt.broker_port");
        clientId = ConfigKeys.required(clientId, "mqtt.client_id");
        if (clientId.length() > 65535) {
            throw new ConfigurationException("mqtt.client_id: longer than MQTT allows (65535 bytes)");
        }
        if (password != null && !password.isEmpty() && (username == null || username.isEmpty())) {
            throw new ConfigurationException("mqtt.password: set, but mqtt.username is empty; MQTT 3.1.1 sends a"
                    + " password only with a user name (set mqtt.username or MQTT_USERNAME)");
        }
        String caFile = pem(raw.caFile());
        String certFile = pem(raw.clientCertFile());
        String keyFile = pem(raw.clientKeyFile());
        if ((certFile == null) != (keyFile == null)) {
            throw new ConfigurationException((certFile == null ? "mqtt.client_cert_file" : "mqtt.client_key_file")
                    + ": required together with " + (certFile == null ? "mqtt.client_key_file"
                    : "mqtt.client_cert_file") + " (mutual TLS needs both)");
        }
        if (!useTls && (caFile != null || certFile != null)) {
            throw new ConfigurationException("mqtt.use_tls: must be true when mqtt.ca_file or mqtt.client_cert_file is"
                    + " set (or MQTT_USE_TLS=true)");
        }
        int keepAlive = (int) ConfigKeys.range(or(raw.keepAliveSecs(), 60), 0, 65535, "mqtt.keep_alive_secs");
        int timeout = (int) ConfigKeys.range(or(raw.connectionTimeoutSecs(), 30), 0, 3600,
                "mqtt.connection_timeout_secs");
        long maxPacket = ConfigKeys.range(raw.maxPacketSize() == null ? 10L * 1024 * 1024 : raw.maxPacketSize(), 1,
                268_435_455L, "mqtt.max_packet_size");
        boolean cleanSession = raw.cleanSession() == null || raw.cleanSession();
        List<MqttRoute> routes = routes(config, raw.routes(), table);
        return new MqttSettings(host, port, clientId, emptyToNull(username), emptyToNull(password), useTls, caFile,
                certFile, keyFile, keepAlive, timeout, maxPacket, cleanSession,
                raw.includeMetadata() == null || raw.includeMetadata(),
                raw.tcpNodelay() == null || raw.tcpNodelay(), path(raw.persistenceDir()), routes);
    }

    private static List<MqttRoute> routes(ConnectorConfig config, List<RawRoute> raw, JsonNode table) {
        if (raw == null || raw.isEmpty()) {
            throw new ConfigurationException("mqtt.routes: at least one [[mqtt.routes]] entry (from, to) is required");
        }
        List<MqttRoute> routes = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String key = "mqtt.routes[" + i + "]";
            RawRoute r = raw.get(i);
            if (r == null) {
                throw new ConfigurationException(key + ": must be a table with from and to");
            }
            ConfigKeys.checkKnown(config, table.path("routes").path(i), key, ROUTE_KEYS);
            TopicFilter from = TopicFilter.parse(r.from(), key + ".from");
            String to = ConfigKeys.topic(r.to(), key + ".to");
            MqttQos qos = MqttQos.parse(r.qos(), key + ".qos");
            int partitions = (int) ConfigKeys.range(or(r.partitions(), 0), 0, 10_000, key + ".partitions");
            boolean reliable = r.reliableDispatch() != null ? r.reliableDispatch() : qos != MqttQos.AT_MOST_ONCE;
            MqttRoute route = new MqttRoute(from, to, qos, partitions, reliable);
            for (int j = 0; j < routes.size(); j++) {
                if (routes.get(j).from().equals(from)) {
                    LOG.warn("{}.from: the filter \"{}\" is already routed by mqtt.routes[{}]; messages go to the first"
                            + " matching route, so this one never receives any", key, from, j);
                }
            }
            routes.add(route);
        }
        producerConfigs(routes);
        return List.copyOf(routes);
    }

    /** One producer per distinct {@code to}. */
    List<ProducerConfig> producerConfigs() {
        return producerConfigs(routes);
    }

    private static List<ProducerConfig> producerConfigs(List<MqttRoute> routes) {
        return RouteTopics.distinct(routes.stream()
                .map(r -> ProducerConfig.of(r.to(), r.partitions(), r.reliableDispatch())).toList(),
                i -> "mqtt.routes[" + i + "]");
    }

    /** The route of a message published on {@code topic}: the first whose filter matches, or null. */
    MqttRoute routeFor(String topic) {
        for (MqttRoute route : routes) {
            if (route.from().matches(topic)) {
                return route;
            }
        }
        return null;
    }

    /** {@code tcp://host:port} or {@code ssl://host:port}. */
    String serverUri() {
        String host = brokerHost.contains(":") && !brokerHost.startsWith("[") ? "[" + brokerHost + "]" : brokerHost;
        return (useTls ? "ssl://" : "tcp://") + host + ":" + brokerPort;
    }

    private static int envPort(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("MQTT_BROKER_PORT: expected a port number, got \"" + value + "\"");
        }
    }

    private static boolean envBoolean(String name, String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigurationException(name + ": expected true or false, got \"" + value + "\"");
    }

    private static long or(Number value, long fallback) {
        return value == null ? fallback : value.longValue();
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value.trim());
    }

    /** A PEM source (a path, or the PEM text itself), or null when unset. */
    private static String pem(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    @Override
    public String toString() {
        return "MqttSettings{" + serverUri() + ", client_id=" + clientId + ", username=" + username + ", password="
                + (password == null ? "<none>" : "<set>") + ", clean_session=" + cleanSession + ", routes=" + routes
                + "}";
    }
}
