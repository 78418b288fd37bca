package com.danubemessaging.connect.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parsed and validated {@code connector.toml} handed to {@code initialize}: the core keys of
 * danube-connect-core ({@code danube_service_url}, {@code connector_name}, {@code [retry]},
 * {@code [processing]}, {@code [[schemas]]}) plus the connector's own tables, which a connector binds to its own
 * typed class with {@link #bind(Class)} or {@link #bind(String, Class)}.
 *
 * <p>Binding maps TOML {@code snake_case} keys to Java {@code camelCase} properties (an explicit
 * {@code @JsonProperty} wins), ignores unknown keys and turns a type error into a {@link ConfigurationException}
 * that names the key, e.g. {@code mqtt.broker_port: expected int, got "abc"}. {@code ${env:NAME}} placeholders are
 * already resolved.
 *
 * <p>Tests build one in code with {@link #builder()}; the runnable loads it from the TOML file.
 */
public final class ConnectorConfig {

    private static final ObjectMapper BINDER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private final String serviceUrl;
    private final String connectorName;
    private final String instanceId;
    private final RetrySettings retry;
    private final ProcessingSettings processing;
    private final List<SchemaMapping> schemas;
    private final ObjectNode raw;
    private final UnknownKeys unknownKeys;
    private final Map<String, String> placeholderValues;

    private ConnectorConfig(Builder builder) {
        this.serviceUrl = Objects.requireNonNull(builder.serviceUrl, "serviceUrl");
        this.connectorName = Objects.requireNonNull(builder.connectorName, "connectorName");
        this.instanceId = builder.instanceId != null ? builder.instanceId : connectorName;
        this.retry = builder.retry;
        this.processing = builder.processing;
        this.schemas = List.copyOf(builder.schemas);
        this.raw = builder.raw.deepCopy();
        this.unknownKeys = builder.unknownKeys;
        this.placeholderValues = Map.copyOf(builder.placeholderValues);
    }

    /** {@code danube_service_url}: {@code http://host:6650} or {@code https://…}. */
    public String serviceUrl() {
        return serviceUrl;
    }

    /** {@code connector_name}: names producers, subscriptions and the {@code connector} metric label. */
    public String connectorName() {
        return connectorName;
    }

    /**
     * This process's identity among the connector's replicas: env {@code DANUBE_CONNECT_INSTANCE_ID} (the pod
     * name under the operator), else the host name. Appended to consumer names so replicas share a subscription.
     */
    public String instanceId() {
        return instanceId;
    }

    /** {@code [retry]}. */
    public RetrySettings retry() {
        return retry;
    }

    /** {@code [processing]}. */
    public ProcessingSettings processing() {
        return processing;
    }

    /** {@code [[schemas]]}, in file order. */
    public List<SchemaMapping> schemas() {
        return schemas;
    }

    /** The whole TOML document as a tree (placeholders resolved), a copy. */
    public JsonNode raw() {
        return raw.deepCopy();
    }

    /** Where the keys nobody reads are collected; see {@link ConfigKeys#checkKnown}. */
    public UnknownKeys unknownKeys() {
        return unknownKeys;
    }

    /**
     * {@code text} with every value that came from an {@code ${env:…}} placeholder replaced by {@code <masked>}:
     * such values are usually secrets and must not reach an error message or a log line. Values shorter than 3
     * characters are left alone (they would garble the text and reveal little); the key-aware messages of the loader
     * and of {@link #bind} mask those too.
     */
    public String mask(String text) {
        return maskValues(text, placeholderValues.values());
    }

    /** Same as {@link #mask(String)} for any set of secret values. */
    public static String maskValues(String text, java.util.Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String masked = text;
        List<String> longestFirst = new ArrayList<>(secrets);
        longestFirst.sort((a, b) -> b.length() - a.length());
        for (String secret : longestFirst) {
            if (secret != null && secret.strip().length() >= 3) {
                masked = masked.replace(secret, MASKED);
            }
        }
        return masked;
    }

    /** True when the value at {@code path} (e.g. {@code mqtt.password}) came from an {@code ${env:…}} placeholder. */
    public boolean fromPlaceholder(String path) {
        return placeholderValues.containsKey(path);
    }

    /** What stands in for a masked value. */
    public static final String MASKED = "<masked>";

    /**
     * Binds the whole document to the connector's typed config class; the core keys are there too, so a class
     * may declare them, or ignore them.
     *
     * @throws ConfigurationException naming the key whose value has the wrong type
     */
    public <T> T bind(Class<T> type) {
        return bindNode(raw, "", type);
    }

    /**
     * Binds one top-level table (e.g. {@code "mqtt"} for {@code [mqtt]}) to {@code type}.
     *
     * @throws ConfigurationException when the table is missing, is not a table, or a value has the wrong type
     */
    public <T> T bind(String table, Class<T> type) {
        JsonNode node = raw.get(table);
        if (node == null || node.isNull()) {
            throw new ConfigurationException(table + ": required table [" + table + "] is missing");
        }
        if (!node.isObject()) {
            throw new ConfigurationException(table + ": must be a table (got " + describe(node) + ")");
        }
        return bindNode(node, table, type);
    }

    private <T> T bindNode(JsonNode node, String prefix, Class<T> type) {
        try {
            return BINDER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            // the cause's own message quotes the value, so it is not kept
            throw new ConfigurationException(mask(bindErrorMessage(e, prefix)));
        }
    }

    private String bindErrorMessage(JsonProcessingException e, String prefix) {
        String key = prefix;
        String reason = e.getOriginalMessage();
        if (e instanceof JsonMappingException mapping) {
            key = keyPath(prefix, mapping.getPath());
            if (mapping instanceof InvalidFormatException invalid) {
                reason = "expected " + invalid.getTargetType().getSimpleName() + ", got "
                        + (fromPlaceholder(key) ? "a value from an ${env:…} placeholder, " + MASKED
                        : quote(invalid.getValue()));
            } else if (mapping instanceof ValueInstantiationException && mapping.getCause() != null) {
                reason = mapping.getCause().getMessage();
            } else if (mapping instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
                reason = "expected " + mismatched.getTargetType().getSimpleName() + " (" + firstLine(reason) + ")";
            }
        }
        return (key.isEmpty() ? "<root>" : key) + ": " + firstLine(reason);
    }

    private static String keyPath(String prefix, List<JsonMappingException.Reference> path) {
        StringBuilder key = new StringBuilder(prefix);
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (key.length() > 0) {
                    key.append('.');
                }
                key.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                key.append('[').append(ref.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    private static String quote(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String describe(JsonNode node) {
        return node.getNodeType().name().toLowerCase();
    }

    /** A builder with the danube-connect-core defaults; only the service URL and connector name are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Secrets may be in the raw tree, so only the core identity is printed. */
    @Override
    public String toString() {
        return "ConnectorConfig{connector_name=" + connectorName + ", danube_service_url=" + serviceUrl
                + ", instance_id=" + instanceId + ", retry=" + retry + ", processing=" + processing
                + ", schemas=" + schemas.size() + "}";
    }

    /** Builds a {@link ConnectorConfig} in code. Values are taken as given; the TOML loader validates. */
    public static final class Builder {
        private String serviceUrl;
        private String connectorName;
        private String instanceId;
        private RetrySettings retry = RetrySettings.defaults();
        private ProcessingSettings processing = ProcessingSettings.defaults();
        private final List<SchemaMapping> schemas = new ArrayList<>();
        private ObjectNode raw = JsonNodeFactory.instance.objectNode();
        private UnknownKeys unknownKeys = UnknownKeys.lenient();
        private final Map<String, String> placeholderValues = new HashMap<>();

        private Builder() {
        }

        public Builder serviceUrl(String serviceUrl) {
            this.serviceUrl = serviceUrl;
            return this;
        }

        public Builder connectorName(String connectorName) {
            this.connectorName = connectorName;
            return this;
        }

        /** Defaults to the connector name when not set. */
        public Builder instanceId(String instanceId) {
            this.instanceId = instanceId;
            return this;
        }

        public Builder retry(RetrySettings retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        public Builder processing(ProcessingSettings processing) {
            this.processing = Objects.requireNonNull(processing, "processing");
            return this;
        }

        public Builder schemas(List<SchemaMapping> schemas) {
            this.schemas.clear();
            this.schemas.addAll(schemas);
            return this;
        }

        public Builder addSchema(SchemaMapping schema) {
            this.schemas.add(Objects.requireNonNull(schema, "schema"));
            return this;
        }

        /** The whole document as a tree; must be an object. */
        public Builder raw(JsonNode raw) {
            if (raw == null || !raw.isObject()) {
                throw new IllegalArgumentException("raw config must be an object node");
            }
            this.raw = ((ObjectNode) raw).deepCopy();
            return this;
        }

        /**
         * Sets one top-level table of the raw tree from a map, a record or a POJO (written with snake_case keys),
         * e.g. {@code table("mqtt", Map.of("broker_host", "localhost"))}.
         */
        public Builder table(String name, Object value) {
            this.raw.set(name, BINDER.valueToTree(value));
            return this;
        }

        /** Where unknown keys are collected; a lenient one by default. */
        public Builder unknownKeys(UnknownKeys unknownKeys) {
            this.unknownKeys = Objects.requireNonNull(unknownKeys, "unknownKeys");
            return this;
        }

        /** The values that came from {@code ${env:…}} placeholders, by key path, so they can be masked. */
        public Builder placeholderValues(Map<String, String> valuesByPath) {
            this.placeholderValues.putAll(valuesByPath);
            return this;
        }

        public ConnectorConfig build() {
            return new ConnectorConfig(this);
        }
    }
}
