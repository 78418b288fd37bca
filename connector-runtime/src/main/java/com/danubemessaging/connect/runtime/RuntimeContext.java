package com.danubemessaging.connect.runtime;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.runtime.config.RuntimeEnv;
import com.danubemessaging.connect.runtime.health.HealthState;
import com.danubemessaging.connect.runtime.lifecycle.BrokerWait;
import com.danubemessaging.connect.runtime.lifecycle.HealthMonitor;
import com.danubemessaging.connect.runtime.lifecycle.StopSignal;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import com.danubemessaging.connect.runtime.metrics.ErrorType;
import com.danubemessaging.connect.runtime.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@code SourceRuntime} or {@code SinkRuntime} needs from its host: the validated configuration, a
 * Danube client, the metrics, the health state served over HTTP and the bound of a graceful stop. The host (the
 * runnable, or a test) owns and closes all of them.
 *
 * @param config          the validated connector configuration
 * @param client          the Danube client
 * @param metrics         the connector metrics
 * @param health          the liveness/readiness state
 * @param shutdownTimeout the longest a stop may take ({@code DANUBE_CONNECT_SHUTDOWN_TIMEOUT_MS})
 */
public record RuntimeContext(ConnectorConfig config, DanubeClient client, ConnectorMetrics metrics, HealthState health,
                             Duration shutdownTimeout) {

    /** The default of {@code DANUBE_CONNECT_SHUTDOWN_TIMEOUT_MS}: below Kubernetes' 30 s grace period. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofMillis(RuntimeEnv.DEFAULT_SHUTDOWN_TIMEOUT_MS);

    public RuntimeContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    }

    /** A context with the default shutdown timeout. */
    public RuntimeContext(ConnectorConfig config, DanubeClient client, ConnectorMetrics metrics, HealthState health) {
        this(config, client, metrics, health, DEFAULT_SHUTDOWN_TIMEOUT);
    }

    /**
     * Runs {@code healthCheck} every {@code health_check_interval_ms}; each result sets readiness and the
     * {@code danube_connector_health} gauge, each failure counts in
     * {@code danube_connector_messages_failed_total{error_type="health_check"}} under {@code topicLabel}, and
     * {@code health_check_failure_threshold} failures in a row are fatal.
     */
    public HealthMonitor connectorHealthMonitor(Runnable healthCheck, String topicLabel) {
        ProcessingSettings processing = config.processing();
        return new HealthMonitor(healthCheck, processing.healthCheckInterval(),
                processing.healthCheckFailureThreshold(), healthy -> {
                    if (!healthy) {
                        metrics.messageFailed(topicLabel, ErrorType.HEALTH_CHECK);
                    }
                    connectorHealthy(healthy);
                });
    }

    /**
     * Waits until the Danube broker answers ({@link BrokerWait}): the first step of a start.
     *
     * @return true once it did, false when {@code stop} came first
     * @throws com.danubemessaging.connect.api.FatalException when the broker refused the credentials
     */
    public boolean awaitBroker(StopSignal stop) {
        return new BrokerWait(client, config.serviceUrl(), new RetryPolicy(config.retry()), stop, health).await();
    }

    /** The runtime finished starting: healthy and ready. */
    public void markRunning() {
        connectorHealthy(true);
        health.markStarted();
    }

    /**
     * Records keep failing past {@code max_retries} and are being retried: {@code /health/ready} answers 503 with
     * {@code reason} and {@code danube_connector_health} is 0 until {@link #markFlowing()}.
     */
    public void markStalled(String reason) {
        health.markStalled(reason);
        updateHealthGauge();
    }

    /** Records move again after {@link #markStalled}. */
    public void markFlowing() {
        if (health.isStalled()) {
            health.clearStalled();
            updateHealthGauge();
        }
    }

    private void connectorHealthy(boolean healthy) {
        health.connectorHealthy(healthy);
        updateHealthGauge();
    }

    private void updateHealthGauge() {
        metrics.setHealthy(health.isConnectorHealthy() && !health.isStalled());
    }
}
