package com.danubemessaging.connect.runtime.config;

import com.danubemessaging.connect.api.ConfigKeys;
import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.api.RetrySettings;
import com.danubemessaging.connect.api.SchemaMapping;
import com.danubemessaging.connect.api.UnknownKeys;
import com.danubemessaging.connect.api.VersionStrategy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the core keys of a {@code connector.toml} tree (root URL and name, {@code [retry]},
 * {@code [processing]}, {@code [[schemas]]}). Every problem is collected as a {@link ConfigError} naming the key;
 * nothing stops at the first one. Unknown keys inside the core tables, core keys written at the top level and
 * top-level tables whose name is a typo of a core table ({@code [procesing]}) go to the configuration's
 * {@link UnknownKeys} with a "did you mean" hint: danube-connect-core ignores them, so they are warnings (errors
 * only under {@code DANUBE_CONNECT_STRICT_CONFIG=true}), never a reason to refuse a file upstream accepts.
 */
final class CoreConfigReader {

    static final Pattern TOPIC = Pattern.compile("/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+");

    static final Set<String> RETRY_KEYS = orderedSet("max_retries", "retry_backoff_ms", "max_backoff_ms");
    static final Set<String> PROCESSING_KEYS = orderedSet("batch_size", "batch_timeout_ms", "poll_interval_ms",
            "metrics_port", "log_level", "health_check_interval_ms", "health_check_failure_threshold",
            "dead_letter_topic", "max_in_flight");
    /** The top-level keys the runtime reads; every other top-level key belongs to the connector or to nobody. */
    static final Set<String> ROOT_KEYS = orderedSet("danube_service_url", "connector_name", "retry", "processing",
            "schemas");
    static final Set<String> SCHEMA_KEYS = orderedSet("topic", "subject", "schema_type", "schema_file",
            "auto_register", "version_strategy");

    private static final Map<String, String> SCHEMA_TYPE_ALIASES = Map.of("json", "json_schema");
    private static final List<String> SCHEMA_TYPE_NAMES =
            List.of("json_schema", "json", "string", "number", "bytes", "avro", "protobuf");
    private static final int MAX_RETRIES_LIMIT = 100;

    private final ObjectNode root;
    private final Path baseDir;
    private final List<ConfigError> errors = new ArrayList<>();
    private final UnknownKeys unknownKeys;

    CoreConfigReader(ObjectNode root, Path baseDir, UnknownKeys unknownKeys) {
        this.root = root;
        this.baseDir = baseDir;
        this.unknownKeys = unknownKeys;
    }

    List<ConfigError> errors() {
        return errors;
    }

    String serviceUrl() {
        String url = requiredString(root, "danube_service_url", "danube_service_url");
        if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
            errors.add(new ConfigError("danube_service_url",
                    "must start with http:// or https:// (got \"" + url + "\")"));
        } else if (url != null && hostOf(url).isEmpty()) {
            errors.add(new ConfigError("danube_service_url", "has no host (got \"" + url + "\")"));
        }
        return url;
    }

    String connectorName() {
        return requiredString(root, "connector_name", "connector_name");
    }

    /**
     * Core keys written at the top level by mistake, and top-level names that are a typo of a core one, are ignored
     * upstream; report them instead of ignoring them silently. Other unknown top-level names may be the
     * connector's, which only it can tell (see {@code UnknownTables}).
     */
    void reportMisplacedKeys() {
        root.fieldNames().forEachRemaining(name -> {
            if (ROOT_KEYS.contains(name)) {
                return;
            }
            if (PROCESSING_KEYS.contains(name)) {
                unknownKeys.add(name, "ignored at the top level; it belongs in [processing]");
            } else if (RETRY_KEYS.contains(name)) {
                unknownKeys.add(name, "ignored at the top level; it belongs in [retry]");
            } else {
                ConfigKeys.closest(name, ROOT_KEYS).ifPresent(core -> unknownKeys.add(name,
                        (root.get(name).isObject() || root.get(name).isArray() ? "unknown table" : "unknown key")
                                + ", ignored (did you mean " + rootDisplay(core) + "?)"));
            }
        });
    }

    /** True for the top-level names {@link #reportMisplacedKeys} reads or reports: the rest is the connector's. */
    static boolean reportedAtLoad(String name) {
        return ROOT_KEYS.contains(name) || PROCESSING_KEYS.contains(name) || RETRY_KEYS.contains(name)
                || ConfigKeys.closest(name, ROOT_KEYS).isPresent();
    }

    /** How a top-level name reads in a file: {@code [processing]}, {@code [[schemas]]} or a plain key. */
    static String rootDisplay(String name) {
        return switch (name) {
            case "retry", "processing" -> "[" + name + "]";
            case "schemas" -> "[[schemas]]";
            default -> name;
        };
    }

    RetrySettings retry() {
        ObjectNode table = table("retry");
        RetrySettings defaults = RetrySettings.defaults();
        if (table == null) {
            return defaults;
        }
        unknownKeys.check(table, "retry", RETRY_KEYS);
        long maxRetries = integer(table, "retry", "max_retries", defaults.maxRetries(), 0, MAX_RETRIES_LIMIT);
        long backoff = integer(table, "retry", "retry_backoff_ms", defaults.retryBackoffMs(), 0, Long.MAX_VALUE);
        long maxBackoff = integer(table, "retry", "max_backoff_ms", defaults.maxBackoffMs(), 0, Long.MAX_VALUE);
        if (maxBackoff < backoff) {
            errors.add(new ConfigError("retry.max_backoff_ms",
                    "must be >= retry.retry_backoff_ms (" + backoff + ") (got " + maxBackoff + ")"));
        }
        return new RetrySettings((int) maxRetries, backoff, maxBackoff);
    }

    ProcessingSettings processing() {
        ObjectNode table = table("processing");
        ProcessingSettings d = ProcessingSettings.defaults();
        if (table == null) {
            return d;
        }
        unknownKeys.check(table, "processing", PROCESSING_KEYS);
        long batchSize = integer(table, "processing", "batch_size", d.batchSize(), 1, Integer.MAX_VALUE);
        long batchTimeout = integer(table, "processing", "batch_timeout_ms", d.batchTimeoutMs(), 1, Long.MAX_VALUE);
        long pollInterval = integer(table, "processing", "poll_interval_ms", d.pollIntervalMs(), 0, Long.MAX_VALUE);
        long metricsPort = integer(table, "processing", "metrics_port", d.metricsPort(), 0, 65_535);
        String logLevel = logLevel(table, d.logLevel());
        long healthInterval = integer(table, "processing", "health_check_interval_ms",
                d.healthCheckIntervalMs(), 1, Long.MAX_VALUE);
        long threshold = integer(table, "processing", "health_check_failure_threshold",
                d.healthCheckFailureThreshold(), 1, Integer.MAX_VALUE);
        Optional<String> deadLetterTopic = Optional.ofNullable(optionalString(table, "processing.dead_letter_topic",
                "dead_letter_topic"));
        deadLetterTopic.ifPresent(topic -> checkTopic("processing.dead_letter_topic", topic));
        long maxInFlight = integer(table, "processing", "max_in_flight", d.maxInFlight(), 1, 10_000);
        return new ProcessingSettings((int) batchSize, batchTimeout, pollInterval, (int) metricsPort, logLevel,
                healthInterval, (int) threshold, deadLetterTopic, (int) maxInFlight);
    }

    List<SchemaMapping> schemas() {
        JsonNode node = root.get("schemas");
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new ConfigError("schemas", "must be an array of tables ([[schemas]]) (got " + type(node) + ")"));
            return List.of();
        }
        List<SchemaMapping> mappings = new ArrayList<>();
        Map<String, Integer> firstIndexByTopic = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String prefix = "schemas[" + i + "]";
            JsonNode entry = node.get(i);
            if (!entry.isObject()) {
                errors.add(new ConfigError(prefix, "must be a table (got " + type(entry) + ")"));
                continue;
            }
            SchemaMapping mapping = schema((ObjectNode) entry, prefix);
            if (mapping == null) {
                continue;
            }
            Integer first = firstIndexByTopic.putIfAbsent(mapping.topic(), i);
            if (first != null) {
                errors.add(new ConfigError(prefix + ".topic", "duplicate of schemas[" + first + "].topic (\""
                        + mapping.topic() + "\"); one schema per topic"));
                continue;
            }
            mappings.add(mapping);
        }
        return mappings;
    }

    private SchemaMapping schema(ObjectNode entry, String prefix) {
        int errorsBefore = errors.size();
        unknownKeys.check(entry, prefix, SCHEMA_KEYS);
        String topic = requiredString(entry, prefix + ".topic", "topic");
        if (topic != null) {
            checkTopic(prefix + ".topic", topic);
        }
        String subject = requiredString(entry, prefix + ".subject", "subject");
        String schemaType = schemaType(entry, prefix);
        Optional<Path> schemaFile = schemaFile(entry, prefix, schemaType);
        boolean autoRegister = bool(entry, prefix + ".auto_register", "auto_register", true);
        VersionStrategy strategy = versionStrategy(entry.get("version_strategy"), prefix + ".version_strategy");
        if (errors.size() > errorsBefore) {
            return null;
        }
        return new SchemaMapping(topic, subject, schemaType, schemaFile, autoRegister, strategy);
    }

    private String schemaType(ObjectNode entry, String prefix) {
        String raw = requiredString(entry, prefix + ".schema_type", "schema_type");
        if (raw == null) {
            return null;
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        if (!SCHEMA_TYPE_NAMES.contains(lower)) {
            errors.add(new ConfigError(prefix + ".schema_type", "unknown type \"" + raw + "\" (expected one of "
                    + String.join(", ", SCHEMA_TYPE_NAMES) + ")"));
            return null;
        }
        return SCHEMA_TYPE_ALIASES.getOrDefault(lower, lower);
    }

    private Optional<Path> schemaFile(ObjectNode entry, String prefix, String schemaType) {
        String key = prefix + ".schema_file";
        JsonNode node = entry.get("schema_file");
        if (node == null) {
            errors.add(new ConfigError(key, "required (use \"\" for string, number and bytes schemas)"));
            return Optional.empty();
        }
        if (!node.isTextual()) {
            errors.add(new ConfigError(key, "must be a string (got " + type(node) + ")"));
            return Optional.empty();
        }
        String value = node.textValue().trim();
        boolean needsFile = schemaType != null && SchemaMapping.TYPES_WITH_DEFINITION_FILE.contains(schemaType);
        if (value.isEmpty()) {
            if (needsFile) {
                errors.add(new ConfigError(key, "required for schema_type \"" + schemaType
                        + "\" (a JSON Schema, Avro or Protobuf definition file)"));
            }
            return Optional.empty();
        }
        Path resolved;
        try {
            resolved = resolveFile(value);
        } catch (InvalidPathException e) {
            errors.add(new ConfigError(key, "not a valid path \"" + value + "\""));
            return Optional.empty();
        }
        if (needsFile && !Files.isRegularFile(resolved)) {
            errors.add(new ConfigError(key, "file not found: " + resolved));
        } else if (needsFile && !Files.isReadable(resolved)) {
            errors.add(new ConfigError(key, "file not readable: " + resolved));
        }
        return Optional.of(resolved);
    }

    /** A relative path is looked up in the working directory first (as upstream), then beside the TOML file. */
    private Path resolveFile(String value) {
        Path path = Path.of(value);
        if (path.isAbsolute() || Files.exists(path) || baseDir == null) {
            return path.toAbsolutePath().normalize();
        }
        return baseDir.resolve(path).toAbsolutePath().normalize();
    }

    private VersionStrategy versionStrategy(JsonNode node, String key) {
        if (node == null) {
            return VersionStrategy.latest();
        }
        String expected = "expected \"latest\", { pinned = N } or { minimum = N }";
        if (node.isTextual()) {
            if (node.textValue().equalsIgnoreCase("latest")) {
                return VersionStrategy.latest();
            }
            errors.add(new ConfigError(key, "unknown strategy \"" + node.textValue() + "\" (" + expected + ")"));
            return null;
        }
        if (!node.isObject() || node.size() != 1) {
            errors.add(new ConfigError(key, expected + " (got " + describe(node) + ")"));
            return null;
        }
        String kind = node.fieldNames().next();
        JsonNode version = node.get(kind);
        if (!kind.equals("pinned") && !kind.equals("minimum")) {
            errors.add(new ConfigError(key, "unknown strategy \"" + kind + "\" (" + expected + ")"));
            return null;
        }
        Long number = asLong(version);
        if (number == null) {
            errors.add(new ConfigError(key + "." + kind, "must be an integer (got " + describe(version) + ")"));
            return null;
        }
        if (number < 1 || number > Integer.MAX_VALUE) {
            errors.add(new ConfigError(key + "." + kind, "must be >= 1 (got " + number + ")"));
            return null;
        }
        return kind.equals("pinned") ? VersionStrategy.pinned(number.intValue())
                : VersionStrategy.minimum(number.intValue());
    }

    private String logLevel(ObjectNode table, String fallback) {
        String raw = optionalString(table, "processing.log_level", "log_level");
        if (raw == null) {
            return fallback;
        }
        Optional<String> level = LogLevels.parse(raw);
        if (level.isEmpty()) {
            errors.add(new ConfigError("processing.log_level", "unknown level \"" + raw + "\" (expected one of "
                    + String.join(", ", LogLevels.LEVELS) + ")"));
            return fallback;
        }
        return level.get();
    }

    private void checkTopic(String key, String topic) {
        if (!TOPIC.matcher(topic).matches()) {
            errors.add(new ConfigError(key, "must be /namespace/topic using letters, digits, _ and - (got \""
                    + topic + "\")"));
        }
    }

    private ObjectNode table(String name) {
        JsonNode node = root.get(name);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new ConfigError(name, "must be a table [" + name + "] (got " + type(node) + ")"));
            return null;
        }
        return (ObjectNode) node;
    }

    private long integer(ObjectNode table, String prefix, String name, long fallback, long min, long max) {
        JsonNode node = table.get(name);
        String key = prefix + "." + name;
        if (node == null) {
            return fallback;
        }
        Long value = asLong(node);
        if (value == null) {
            errors.add(new ConfigError(key, "must be an integer (got " + describe(node) + ")"));
            return fallback;
        }
        if (value < min) {
            errors.add(new ConfigError(key, "must be " + (min == 1 ? "> 0" : ">= " + min) + " (got " + value + ")"));
            return fallback;
        }
        if (value > max) {
            errors.add(new ConfigError(key, "must be <= " + max + " (got " + value + ")"));
            return fallback;
        }
        return value;
    }

    /** An integer node, or a string holding one (as a resolved {@code "${env:PORT}"} placeholder does). */
    private static Long asLong(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private boolean bool(ObjectNode table, String key, String name, boolean fallback) {
        JsonNode node = table.get(name);
        if (node == null) {
            return fallback;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && (node.textValue().equals("true") || node.textValue().equals("false"))) {
            return Boolean.parseBoolean(node.textValue());
        }
        errors.add(new ConfigError(key, "must be true or false (got " + describe(node) + ")"));
        return fallback;
    }

    private String requiredString(ObjectNode table, String key, String name) {
        JsonNode node = table.get(name);
        if (node == null || node.isNull() || (node.isTextual() && node.textValue().isBlank())) {
            errors.add(new ConfigError(key, "required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new ConfigError(key, "must be a string (got " + describe(node) + ")"));
            return null;
        }
        return node.textValue().trim();
    }

    private String optionalString(ObjectNode table, String key, String name) {
        JsonNode node = table.get(name);
        if (node == null || node.isNull() || (node.isTextual() && node.textValue().isBlank())) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new ConfigError(key, "must be a string (got " + describe(node) + ")"));
            return null;
        }
        return node.textValue().trim();
    }

    private static String hostOf(String url) {
        String rest = url.substring(url.indexOf("://") + 3);
        int end = rest.length();
        for (char c : new char[] {'/', ':', '?'}) {
            int at = rest.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return rest.substring(0, end);
    }

    private static String type(JsonNode node) {
        if (node.isObject()) {
            return "a table";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isNumber()) {
            return "a number";
        }
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String describe(JsonNode node) {
        if (node == null) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "\"" + node.textValue() + "\"";
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        return type(node);
    }

    private static Set<String> orderedSet(String... values) {
        return new LinkedHashSet<>(List.of(values));
    }
}
