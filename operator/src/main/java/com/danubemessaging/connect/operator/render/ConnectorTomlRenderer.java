package com.danubemessaging.connect.operator.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.model.ProcessingSpec;
import com.danubemessaging.connect.operator.model.RetrySpec;
import com.danubemessaging.connect.operator.model.SchemaSpec;

/**
 * Renders {@code connector.toml} (danube-connect-core's format): the core keys from the typed spec fields, then the
 * connector's own tables from {@code spec.config}.
 */
public final class ConnectorTomlRenderer {

    /** Keys that belong to the typed fields and are therefore rejected inside {@code spec.config}. */
    public static final Set<String> CORE_KEYS = Set.of("danube_service_url", "connector_name", "retry", "processing",
            "schemas");
    private static final Map<String, String> TYPED_FIELD_OF_CORE_KEY = Map.of(
            "danube_service_url", "spec.danube.serviceUrl",
            "connector_name", "spec.connectorName",
            "retry", "spec.retry",
            "processing", "spec.processing",
            "schemas", "spec.schemas");

    /** Directory under which ConfigMap-provided schema files are mounted. */
    public static final String SCHEMA_DIR = "/etc/danube-connect/schemas";

    private ConnectorTomlRenderer() {
    }

    public static String render(DanubeConnector cr, int metricsPort) {
        ConnectorSpec spec = cr.getSpec();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("danube_service_url", spec.getDanube().getServiceUrl());
        doc.put("connector_name", spec.getConnectorName() != null ? spec.getConnectorName()
                : cr.getMetadata().getName());
        Map<String, Object> config = spec.getConfig() == null ? Map.of() : spec.getConfig();
        for (String key : config.keySet()) {
            if (CORE_KEYS.contains(key)) {
                throw new InvalidSpecException("CoreKeyInConfig", "spec.config." + key
                        + " is a core key of connector.toml; move it to " + TYPED_FIELD_OF_CORE_KEY.get(key)
                        + " and remove it from spec.config");
            }
        }
        Map<String, Object> retry = retry(spec.getRetry());
        if (!retry.isEmpty()) {
            doc.put("retry", retry);
        }
        doc.put("processing", processing(spec.getProcessing(), metricsPort));
        if (spec.getSchemas() != null && !spec.getSchemas().isEmpty()) {
            List<Object> schemas = new ArrayList<>();
            for (SchemaSpec s : spec.getSchemas()) {
                schemas.add(schema(s));
            }
            doc.put("schemas", schemas);
        }
        // The connector's own tables follow the core tables; TomlWriter writes root scalars before any table.
        doc.putAll(config);
        return TomlWriter.write(doc, "spec.config");
    }

    private static Map<String, Object> retry(RetrySpec retry) {
        Map<String, Object> table = new LinkedHashMap<>();
        if (retry != null) {
            putIfSet(table, "max_retries", retry.getMaxRetries());
            putIfSet(table, "retry_backoff_ms", retry.getRetryBackoffMs());
            putIfSet(table, "max_backoff_ms", retry.getMaxBackoffMs());
        }
        return table;
    }

    private static Map<String, Object> processing(ProcessingSpec processing, int metricsPort) {
        Map<String, Object> table = new LinkedHashMap<>();
        if (processing != null) {
            putIfSet(table, "batch_size", processing.getBatchSize());
            putIfSet(table, "batch_timeout_ms", processing.getBatchTimeoutMs());
            putIfSet(table, "poll_interval_ms", processing.getPollIntervalMs());
            putIfSet(table, "log_level", processing.getLogLevel());
            putIfSet(table, "health_check_interval_ms", processing.getHealthCheckIntervalMs());
            putIfSet(table, "health_check_failure_threshold", processing.getHealthCheckFailureThreshold());
            putIfSet(table, "dead_letter_topic", processing.getDeadLetterTopic());
            putIfSet(table, "max_in_flight", processing.getMaxInFlight());
        }
        // Always written: the probes, the Service and the scrape annotation use this port.
        table.put("metrics_port", metricsPort);
        return table;
    }

    private static Map<String, Object> schema(SchemaSpec s) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("topic", s.getTopic());
        table.put("subject", s.getSubject());
        table.put("schema_type", s.getSchemaType().value());
        table.put("schema_file", schemaFile(s));
        putIfSet(table, "auto_register", s.getAutoRegister());
        if (s.getPinnedVersion() != null) {
            table.put("version_strategy", Map.of("pinned", s.getPinnedVersion()));
        } else if (s.getMinimumVersion() != null) {
            table.put("version_strategy", Map.of("minimum", s.getMinimumVersion()));
        }
        return table;
    }

    /** Path of the schema file inside the pod; ConfigMap-provided files are mounted by the Deployment renderer. */
    public static String schemaFile(SchemaSpec s) {
        if (s.getSchemaConfigMapRef() != null) {
            return SCHEMA_DIR + "/" + s.getSchemaConfigMapRef().getName() + "/" + s.getSchemaConfigMapRef().getKey();
        }
        return s.getSchemaFile() == null ? "" : s.getSchemaFile();
    }

    private static void putIfSet(Map<String, Object> table, String key, Object value) {
        if (value != null) {
            table.put(key, value);
        }
    }
}
