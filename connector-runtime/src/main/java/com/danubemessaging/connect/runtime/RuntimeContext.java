package com.danubemessaging.connect.runtime;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.runtime.health.HealthState;
import com.danubemessaging.connect.runtime.lifecycle.HealthMonitor;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import java.util.Objects;

/**
 * What a {@code SourceRuntime} or {@code SinkRuntime} needs from its host: the validated configuration, a
 * connected Danube client, the metrics and the health state served over HTTP. The host (the runnable, or a test)
 * owns and closes all of them.
 *
 * @param config  the validated connector configuration
 * @param client  the Danube client
 * @param metrics the connector metrics
 * @param health  the liveness/readiness state
 */
public record RuntimeContext(ConnectorConfig config, DanubeClient client, ConnectorMetrics metrics, HealthState health) {

    public RuntimeContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(health, "health");
    }

    /**
     * Runs {@code healthCheck} every {@code health_check_interval_ms}; each result sets readiness and the
     * {@code danube_connector_health} gauge, and {@code health_check_failure_threshold} failures in a row are fatal.
     */
    public HealthMonitor connectorHealthMonitor(Runnable healthCheck) {
        ProcessingSettings processing = config.processing();
        return new HealthMonitor(healthCheck, processing.healthCheckInterval(),
                processing.healthCheckFailureThreshold(), this::connectorHealthy);
    }

    /** The runtime finished starting: healthy and ready. */
    public void markRunning() {
        connectorHealthy(true);
        health.markStarted();
    }

    private void connectorHealthy(boolean healthy) {
        health.connectorHealthy(healthy);
        metrics.setHealthy(healthy);
    }
}
