package com.danubemessaging.connect.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code [processing]} table of {@code connector.toml}. Defaults are those of danube-connect-core
 * (batch 1000, batch timeout 1000 ms, poll 100 ms, metrics port 9090, log level {@code info}, health check
 * every 30000 ms, 3 failures in a row are fatal); {@code dead_letter_topic} is new in the Java runtime.
 *
 * @param batchSize                   {@code batch_size}: most records per batch, &gt; 0
 * @param batchTimeoutMs              {@code batch_timeout_ms}: longest wait before a partial batch is handed over
 * @param pollIntervalMs              {@code poll_interval_ms}: pause after an empty {@code poll()}
 * @param metricsPort                 {@code metrics_port}: port of {@code /metrics} and {@code /health/*}; 0 picks a free port
 * @param logLevel                    {@code log_level}: {@code trace|debug|info|warn|error|off}
 * @param healthCheckIntervalMs       {@code health_check_interval_ms}: how often {@code healthCheck()} runs
 * @param healthCheckFailureThreshold {@code health_check_failure_threshold}: failures in a row that stop the runtime
 * @param deadLetterTopic             {@code dead_letter_topic}: where invalid records go; empty = count, log and skip them
 *                                    (a sink acknowledges them, it never nacks)
 * @param maxInFlight                 {@code max_in_flight}: sends a source keeps in flight per partition; 1 (the
 *                                    default) keeps strict per-partition order, a larger window trades that order
 *                                    for throughput because the broker may store concurrent sends in any order
 */
public record ProcessingSettings(
        int batchSize,
        long batchTimeoutMs,
        long pollIntervalMs,
        int metricsPort,
        String logLevel,
        long healthCheckIntervalMs,
        int healthCheckFailureThreshold,
        Optional<String> deadLetterTopic,
        int maxInFlight) {

    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final long DEFAULT_BATCH_TIMEOUT_MS = 1000;
    public static final long DEFAULT_POLL_INTERVAL_MS = 100;
    public static final int DEFAULT_METRICS_PORT = 9090;
    public static final String DEFAULT_LOG_LEVEL = "info";
    public static final long DEFAULT_HEALTH_CHECK_INTERVAL_MS = 30_000;
    public static final int DEFAULT_HEALTH_CHECK_FAILURE_THRESHOLD = 3;
    public static final int DEFAULT_MAX_IN_FLIGHT = 1;

    public ProcessingSettings {
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    }

    /** The settings used when {@code [processing]} is absent. */
    public static ProcessingSettings defaults() {
        return new ProcessingSettings(DEFAULT_BATCH_SIZE, DEFAULT_BATCH_TIMEOUT_MS, DEFAULT_POLL_INTERVAL_MS,
                DEFAULT_METRICS_PORT, DEFAULT_LOG_LEVEL, DEFAULT_HEALTH_CHECK_INTERVAL_MS,
                DEFAULT_HEALTH_CHECK_FAILURE_THRESHOLD, Optional.empty(), DEFAULT_MAX_IN_FLIGHT);
    }

    public Duration batchTimeout() {
        return Duration.ofMillis(batchTimeoutMs);
    }

    public Duration pollInterval() {
        return Duration.ofMillis(pollIntervalMs);
    }

    public Duration healthCheckInterval() {
        return Duration.ofMillis(healthCheckIntervalMs);
    }

    public ProcessingSettings withBatchSize(int value) {
        return new ProcessingSettings(value, batchTimeoutMs, pollIntervalMs, metricsPort, logLevel,
                healthCheckIntervalMs, healthCheckFailureThreshold, deadLetterTopic, maxInFlight);
    }

    public ProcessingSettings withBatchTimeoutMs(long value) {
        return new ProcessingSettings(batchSize, value, pollIntervalMs, metricsPort, logLevel,
                healthCheckIntervalMs, healthCheckFailureThreshold, deadLetterTopic, maxInFlight);
    }

    public ProcessingSettings withPollIntervalMs(long value) {
        return new ProcessingSettings(batchSize, batchTimeoutMs, value, metricsPort, logLevel,
                healthCheckIntervalMs, healthCheckFailureThreshold, deadLetterTopic, maxInFlight);
    }

    public ProcessingSettings withMetricsPort(int value) {
        return new ProcessingSettings(batchSize, batchTimeoutMs, pollIntervalMs, value, logLevel,
                healthCheckIntervalMs, healthCheckFailureThreshold, deadLetterTopic, maxInFlight);
    }

    public ProcessingSettings withLogLevel(String value) {
        return new ProcessingSettings(batchSize, batchTimeoutMs, pollIntervalMs, metricsPort, value,
                healthCheckIntervalMs, healthCheckFailureThreshold, deadLetterTopic, maxInFlight);
    }

    public ProcessingSettings withHealthCheckIntervalMs(long value) {
        return new ProcessingSettings(batchSize, batchTimeoutMs, pollIntervalMs, metricsPort, logLevel,
                value, healthCheckFailureThreshold, deadLetterTopic, maxInFlight);
    }

    public ProcessingSettings withHealthCheckFailureThreshold(int value) {
        return new ProcessingSettings(batchSize, batchTimeoutMs, pollIntervalMs, metricsPort, logLevel,
                healthCheckIntervalMs, value, deadLetterTopic, maxInFlight);
    }

    /** A copy with {@code dead_letter_topic} set; {@code null} clears it. */
    public ProcessingSettings withDeadLetterTopic(String topic) {
        return new ProcessingSettings(batchSize, batchTimeoutMs, pollIntervalMs, metricsPort, logLevel,
                healthCheckIntervalMs, healthCheckFailureThreshold, Optional.ofNullable(topic), maxInFlight);
    }

    /** A copy with {@code max_in_flight} set. */
    public ProcessingSettings withMaxInFlight(int value) {
        return new ProcessingSettings(batchSize, batchTimeoutMs, pollIntervalMs, metricsPort, logLevel,
                healthCheckIntervalMs, healthCheckFailureThreshold, deadLetterTopic, value);
    }
}
