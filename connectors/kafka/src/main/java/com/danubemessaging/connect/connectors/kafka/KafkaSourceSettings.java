package com.danubemessaging.connect.connectors.kafka;

import com.danubemessaging.connect.api.ConfigKeys;
import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The {@code [kafka]} table of {@code source-kafka}, validated, with the environment overrides applied
 * ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code KAFKA_SASL_USERNAME}, {@code KAFKA_SASL_PASSWORD},
 * {@code KAFKA_SSL_KEY_PASSWORD}). Every error names the key.
 *
 * @param bootstrapServers  {@code bootstrap_servers}: {@code host:port[,host:port…]} (required)
 * @param groupId           {@code group_id}: the consumer group; replicas with the same id share the partitions
 * @param clientId          {@code client_id}: default {@code {connector_name}-{instance id}}
 * @param routes            {@code [[kafka.routes]]}: Kafka topic(s) → Danube topic, at least one
 * @param autoOffsetReset   {@code auto_offset_reset}: where a partition without a committed offset starts
 * @param payloadFormat     {@code payload_format}: how a value becomes the message payload
 * @param includeMetadata   {@code include_metadata}: add the {@code kafka.*} attributes
 * @param pollTimeout       {@code poll_timeout_ms}: the longest one poll waits for records
 * @param maxPollRecords    {@code max_poll_records}: the most records one poll returns (default {@code batch_size})
 * @param connectionTimeout {@code connection_timeout_ms}: how long one reachability check waits for the cluster
 * @param security          {@code security_protocol}, {@code sasl_*}, {@code ssl_*}
 * @param properties        {@code [kafka.properties]}: further Kafka consumer properties, passed through
 */
public record KafkaSourceSettings(String bootstrapServers, String groupId, String clientId, List<KafkaRoute> routes,
                                  String autoOffsetReset, PayloadFormat payloadFormat, boolean includeMetadata,
                                  Duration pollTimeout, int maxPollRecords, Duration connectionTimeout,
                                  KafkaSecurity security, Map<String, String> properties) {

    static final String TABLE = "kafka";
    static final Set<String> KEYS = Set.of("bootstrap_servers", "group_id", "client_id", "routes",
            "auto_offset_reset", "payload_format", "include_metadata", "poll_timeout_ms", "max_poll_records",
            "connection_timeout_ms", "security_protocol", "sasl_mechanism", "sasl_username", "sasl_password",
            "ssl_ca_file", "ssl_ca_pem", "ssl_cert_file", "ssl_cert_pem", "ssl_key_file", "ssl_key_pem",
            "ssl_key_password", "ssl_endpoint_identification", "properties");
    static final Set<String> ROUTE_KEYS = Set.of("from", "from_pattern", "to", "partitions", "reliable_dispatch");

    static final String ENV_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    static final String ENV_SASL_USERNAME = "KAFKA_SASL_USERNAME";
    static final String ENV_SASL_PASSWORD = "KAFKA_SASL_PASSWORD";
    static final String ENV_SSL_KEY_PASSWORD = "KAFKA_SSL_KEY_PASSWORD";

    static final long DEFAULT_POLL_TIMEOUT_MS = 200;
    static final long DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;

    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final Set<String> PASSWORD_MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    private static final Set<String> OFFSET_RESETS = Set.of("earliest", "latest", "none");
    private static final Pattern KAFKA_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern DANUBE_TOPIC = Pattern.compile("/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+");
    /** Consumer properties the connector sets itself, and the {@code [kafka]} key to use instead where one exists. */
    private static final Map<String, String> OWNED_PROPERTIES = Map.ofEntries(
            Map.entry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "use kafka.bootstrap_servers"),
            Map.entry(ConsumerConfig.GROUP_ID_CONFIG, "use kafka.group_id"),
            Map.entry(ConsumerConfig.CLIENT_ID_CONFIG, "use kafka.client_id"),
            Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "use kafka.auto_offset_reset"),
            Map.entry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "use kafka.max_poll_records"),
            Map.entry("security.protocol", "use kafka.security_protocol"),
            Map.entry("sasl.mechanism", "use kafka.sasl_mechanism"),
            Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    "offsets are committed by the connector, after Danube acknowledged the records"),
            Map.entry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "keys are read as bytes by the connector"),
            Map.entry(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    "values are read as bytes; choose the payload with kafka.payload_format"));

    /** The table as written; boxed so that a missing key is visible. */
    record Raw(String bootstrapServers, String groupId, String clientId, List<RawRoute> routes,
               String autoOffsetReset, String payloadFormat, Boolean includeMetadata, Long pollTimeoutMs,
               Integer maxPollRecords, Long connectionTimeoutMs, String securityProtocol, String saslMechanism,
               String saslUsername, String saslPassword, String sslCaFile, String sslCaPem, String sslCertFile,
               String sslCertPem, String sslKeyFile, String sslKeyPem, String sslKeyPassword,
               Boolean sslEndpointIdentification, Map<String, JsonNode> properties) {
    }

    /** One {@code [[kafka.routes]]} entry as written. */
    record RawRoute(String from, String fromPattern, String to, Integer partitions, Boolean reliableDispatch) {
    }

    /**
     * Reads and validates {@code [kafka]}.
     *
     * @param env the process environment, for the {@code KAFKA_*} overrides
     * @throws ConfigurationException naming the key and the reason
     */
    public static KafkaSourceSettings from(ConnectorConfig config, Map<String, String> env) {
        Raw raw = config.bind(TABLE, Raw.class);
        ConfigKeys.checkKnown(config, TABLE, KEYS);
        String bootstrap = ConfigKeys.required(override(env, ENV_BOOTSTRAP_SERVERS, raw.bootstrapServers()),
                "kafka.bootstrap_servers");
        String groupId = ConfigKeys.required(raw.groupId(), "kafka.group_id");
        String clientId = raw.clientId() == null || raw.clientId().isBlank()
                ? config.connectorName() + "-" + config.instanceId() : raw.clientId().trim();
        List<KafkaRoute> routes = routes(config, raw.routes());
        String reset = oneOf("kafka.auto_offset_reset", raw.autoOffsetReset(), "earliest", OFFSET_RESETS, false);
        PayloadFormat format = PayloadFormat.parse("kafka.payload_format", raw.payloadFormat());
        boolean metadata = raw.includeMetadata() == null || raw.includeMetadata();
        Duration pollTimeout = Duration.ofMillis(positive("kafka.poll_timeout_ms", raw.pollTimeoutMs(),
                DEFAULT_POLL_TIMEOUT_MS));
        int maxPollRecords = (int) positive("kafka.max_poll_records",
                raw.maxPollRecords() == null ? null : raw.maxPollRecords().longValue(),
                config.processing().batchSize());
        Duration connectionTimeout = Duration.ofMillis(positive("kafka.connection_timeout_ms",
                raw.connectionTimeoutMs(), DEFAULT_CONNECTION_TIMEOUT_MS));
        Map<String, String> properties = properties(raw.properties());
        KafkaSecurity security = security(raw, env, properties);
        return new KafkaSourceSettings(bootstrap, groupId, clientId, routes, reset, format, metadata, pollTimeout,
                maxPollRecords, connectionTimeout, security, properties);
    }

    private static List<KafkaRoute> routes(ConnectorConfig config, List<RawRoute> rawRoutes) {
        if (rawRoutes == null || rawRoutes.isEmpty()) {
            throw new ConfigurationException("kafka.routes: required: at least one [[kafka.routes]] entry with"
                    + " from (or from_pattern) and to");
        }
        List<KafkaRoute> routes = new ArrayList<>();
        Map<String, KafkaRoute> byDanubeTopic = new LinkedHashMap<>();
        for (int i = 0; i < rawRoutes.size(); i++) {
            String key = "kafka.routes[" + i + "]";
            ConfigKeys.checkKnown(config, config.raw().path(TABLE).path("routes").path(i), key, ROUTE_KEYS);
            KafkaRoute route = route(key, rawRoutes.get(i));
            KafkaRoute same = byDanubeTopic.putIfAbsent(route.to(), route);
            if (same != null && (same.partitions() != route.partitions()
                    || same.reliableDispatch() != route.reliableDispatch())) {
                throw new ConfigurationException(key + ".to: " + route.to() + " is also the target of an earlier"
                        + " route with other partitions or reliable_dispatch; one Danube topic has one setting");
            }
            routes.add(route);
        }
        return routes;
    }

    private static KafkaRoute route(String key, RawRoute raw) {
        boolean hasFrom = raw.from() != null && !raw.from().isBlank();
        boolean hasPattern = raw.fromPattern() != null && !raw.fromPattern().isBlank();
        if (hasFrom == hasPattern) {
            throw new ConfigurationException(key + ": set exactly one of from (a Kafka topic) and from_pattern"
                    + " (a regular expression over Kafka topic names)");
        }
        String from = null;
        Pattern pattern = null;
        if (hasFrom) {
            from = raw.from().trim();
            if (!KAFKA_TOPIC.matcher(from).matches()) {
                throw new ConfigurationException(key + ".from: \"" + from + "\" is not a Kafka topic name (letters,"
                        + " digits, '.', '_' and '-', at most 249)");
            }
        } else {
            try {
                pattern = Pattern.compile(raw.fromPattern().trim());
            } catch (PatternSyntaxException e) {
                throw new ConfigurationException(key + ".from_pattern: not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex(), e);
            }
        }
        String to = ConfigKeys.required(raw.to(), key + ".to");
        if (!DANUBE_TOPIC.matcher(to).matches()) {
            throw new ConfigurationException(key + ".to: must be /namespace/topic (letters, digits, _ and -), got \""
                    + to + "\"");
        }
        int partitions = raw.partitions() == null ? 0 : raw.partitions();
        if (partitions < 0) {
            throw new ConfigurationException(key + ".partitions: must be >= 0 (got " + partitions + ")");
        }
        boolean reliable = raw.reliableDispatch() == null || raw.reliableDispatch();
        return new KafkaRoute(from, pattern, to, partitions, reliable);
    }

    private static KafkaSecurity security(Raw raw, Map<String, String> env, Map<String, String> properties) {
        String protocol = oneOf("kafka.security_protocol", raw.securityProtocol(), KafkaSecurity.PLAINTEXT,
                PROTOCOLS, true);
        boolean sasl = protocol.startsWith("SASL_");
        boolean tls = protocol.equals("SSL") || protocol.equals("SASL_SSL");
        String username = override(env, ENV_SASL_USERNAME, raw.saslUsername());
        String password = override(env, ENV_SASL_PASSWORD, raw.saslPassword());
        String keyPassword = override(env, ENV_SSL_KEY_PASSWORD, raw.sslKeyPassword());
        String mechanism = null;
        if (sasl) {
            mechanism = raw.saslMechanism() == null ? "PLAIN" : raw.saslMechanism().trim().toUpperCase(Locale.ROOT);
            boolean ownJaas = properties.containsKey("sasl.jaas.config");
            if (ownJaas && (username != null || password != null)) {
                throw new ConfigurationException("kafka.properties.sasl.jaas.config: set either it or"
                        + " kafka.sasl_username/sasl_password, not both");
            }
            if (!ownJaas) {
                if (!PASSWORD_MECHANISMS.contains(mechanism)) {
                    throw new ConfigurationException("kafka.sasl_mechanism: \"" + mechanism + "\" needs its own"
                            + " kafka.properties.\"sasl.jaas.config\"; with sasl_username/sasl_password use one of "
                            + String.join(", ", PASSWORD_MECHANISMS.stream().sorted().toList()));
                }
                ConfigKeys.required(username, "kafka.sasl_username (or env " + ENV_SASL_USERNAME + ")");
                if (password == null || password.isEmpty()) {
                    throw new ConfigurationException("kafka.sasl_password: required with security_protocol "
                            + protocol + " (set it, preferably as \"${env:" + ENV_SASL_PASSWORD + "}\", or set env "
                            + ENV_SASL_PASSWORD + ")");
                }
            }
        } else {
            onlyWith(raw.saslMechanism(), "kafka.sasl_mechanism", "SASL_PLAINTEXT or SASL_SSL", protocol);
            onlyWith(username, "kafka.sasl_username", "SASL_PLAINTEXT or SASL_SSL", protocol);
            onlyWith(password, "kafka.sasl_password", "SASL_PLAINTEXT or SASL_SSL", protocol);
        }
        if (!tls) {
            for (Map.Entry<String, String> e : Map.of("ssl_ca_file", nz(raw.sslCaFile()), "ssl_ca_pem",
                    nz(raw.sslCaPem()), "ssl_cert_file", nz(raw.sslCertFile()), "ssl_cert_pem", nz(raw.sslCertPem()),
                    "ssl_key_file", nz(raw.sslKeyFile()), "ssl_key_pem", nz(raw.sslKeyPem()), "ssl_key_password",
                    nz(keyPassword)).entrySet()) {
                onlyWith(e.getValue(), "kafka." + e.getKey(), "SSL or SASL_SSL", protocol);
            }
        }
        String ca = pem(raw.sslCaFile(), raw.sslCaPem(), "ssl_ca");
        String cert = pem(raw.sslCertFile(), raw.sslCertPem(), "ssl_cert");
        String key = pem(raw.sslKeyFile(), raw.sslKeyPem(), "ssl_key");
        if ((cert == null) != (key == null)) {
            throw new ConfigurationException((cert == null ? "kafka.ssl_cert_file" : "kafka.ssl_key_file")
                    + ": required together with " + (cert == null ? "kafka.ssl_key_file" : "kafka.ssl_cert_file")
                    + " (mutual TLS needs both; or ssl_cert_pem and ssl_key_pem)");
        }
        if (keyPassword != null && key == null) {
            throw new ConfigurationException("kafka.ssl_key_password: only used with kafka.ssl_key_file or ssl_key_pem");
        }
        if (ca != null && properties.containsKey("ssl.truststore.location")) {
            throw new ConfigurationException("kafka.properties.ssl.truststore.location: set either it or"
                    + " kafka.ssl_ca_file/ssl_ca_pem, not both");
        }
        if (cert != null && properties.containsKey("ssl.keystore.location")) {
            throw new ConfigurationException("kafka.properties.ssl.keystore.location: set either it or"
                    + " kafka.ssl_cert_file/ssl_key_file, not both");
        }
        boolean endpointIdentification = raw.sslEndpointIdentification() == null || raw.sslEndpointIdentification();
        return new KafkaSecurity(protocol, mechanism, sasl ? username : null, sasl ? Secret.ofNullable(password) : null,
                ca, cert, Secret.ofNullable(key), Secret.ofNullable(keyPassword), endpointIdentification);
    }

    private static Map<String, String> properties(Map<String, JsonNode> raw) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (raw == null) {
            return properties;
        }
        Set<String> known = ConsumerConfig.configNames();
        for (Map.Entry<String, JsonNode> e : raw.entrySet()) {
            String name = e.getKey();
            String key = "kafka.properties.\"" + name + "\"";
            String owner = OWNED_PROPERTIES.get(name);
            if (owner != null) {
                throw new ConfigurationException(key + ": not allowed here: " + owner);
            }
            if (!known.contains(name)) {
                throw new ConfigurationException(key + ": not a Kafka consumer property (names are dotted, e.g."
                        + " \"fetch.max.bytes\"; see the Kafka consumer configuration reference)");
            }
            JsonNode value = e.getValue();
            if (value == null || value.isNull() || value.isContainerNode()) {
                throw new ConfigurationException(key + ": must be a string, number or boolean");
            }
            properties.put(name, value.asText());
        }
        return properties;
    }

    private static String override(Map<String, String> env, String name, String fromToml) {
        String value = env.get(name);
        return value != null && !value.isEmpty() ? value : fromToml;
    }

    private static String oneOf(String key, String value, String fallback, Set<String> allowed, boolean upper) {
        if (value == null) {
            return fallback;
        }
        String v = upper ? value.trim().toUpperCase(Locale.ROOT) : value.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw new ConfigurationException(key + ": must be one of " + String.join(", ",
                    allowed.stream().sorted().toList()) + " (got \"" + value + "\")");
        }
        return v;
    }

    private static long positive(String key, Long value, long fallback) {
        if (value == null) {
            return fallback;
        }
        if (value <= 0) {
            throw new ConfigurationException(key + ": must be > 0 (got " + value + ")");
        }
        return value;
    }

    /**
     * PEM text from {@code <name>_file} (read now) or {@code <name>_pem} (inline, e.g. {@code "${env:KAFKA_CA}"}), or
     * null when neither is set. The text is never put into an error: it may be a private key.
     */
    private static String pem(String file, String inline, String name) {
        boolean hasFile = file != null && !file.isBlank();
        boolean hasInline = inline != null && !inline.isBlank();
        if (hasFile && hasInline) {
            throw new ConfigurationException("kafka." + name + "_file: set either it or kafka." + name + "_pem, not both");
        }
        if (!hasFile && !hasInline) {
            return null;
        }
        String key = "kafka." + name + (hasFile ? "_file" : "_pem");
        String text;
        if (hasFile) {
            Path path = Path.of(file.trim());
            try {
                text = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigurationException(key + ": cannot read " + path.toAbsolutePath() + " ("
                        + e.getClass().getSimpleName() + ")", e);
            }
        } else {
            text = inline;
        }
        if (!text.contains("-----BEGIN ")) {
            throw new ConfigurationException(key + ": not PEM (no \"-----BEGIN \" line)");
        }
        return text;
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    private static void onlyWith(String value, String key, String protocols, String protocol) {
        if (value != null && !value.isBlank()) {
            throw new ConfigurationException(key + ": only used with security_protocol " + protocols + " (it is "
                    + protocol + ")");
        }
    }
}
