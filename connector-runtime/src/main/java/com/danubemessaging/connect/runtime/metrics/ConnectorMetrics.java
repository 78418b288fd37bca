package com.danubemessaging.connect.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The connector metrics of danube-connect-core (danube-facts §3.11), on a Micrometer Prometheus registry:
 * {@code danube_connector_messages_received_total}, {@code _messages_processed_total},
 * {@code _messages_failed_total{error_type}}, {@code _messages_retried_total},
 * {@code _processing_duration_seconds} (histogram), {@code _batch_size} (histogram),
 * {@code _inflight_messages} and {@code _health} (gauges). Every series carries {@code connector}; per-topic
 * series carry the real {@code topic} (upstream always wrote "multi-topic"). Thread-safe.
 */
public final class ConnectorMetrics implements AutoCloseable {

    static final String RECEIVED = "danube.connector.messages.received";
    static final String PROCESSED = "danube.connector.messages.processed";
    static final String FAILED = "danube.connector.messages.failed";
    static final String RETRIED = "danube.connector.messages.retried";
    static final String DURATION = "danube.connector.processing.duration";
    static final String BATCH_SIZE = "danube.connector.batch.size";
    static final String INFLIGHT = "danube.connector.inflight.messages";
    static final String HEALTH = "danube.connector.health";

    private static final double[] BATCH_SIZE_BUCKETS = {1, 5, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000};
    private static final Duration[] DURATION_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)
    };

    private final PrometheusMeterRegistry registry;
    private final String connectorName;
    private final Map<MeterKey, Meter> meters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> inflightByTopic = new ConcurrentHashMap<>();
    private final AtomicInteger healthy = new AtomicInteger();
    private JvmGcMetrics gcMetrics;

    /** Metrics for {@code connectorName} on a fresh registry. */
    public ConnectorMetrics(String connectorName) {
        this(connectorName, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public ConnectorMetrics(String connectorName, PrometheusMeterRegistry registry) {
        this.connectorName = connectorName;
        this.registry = registry;
        registry.config().commonTags("connector", connectorName);
        Gauge.builder(HEALTH, healthy, AtomicInteger::get)
                .description("1 while the connector is healthy, else 0")
                .register(registry);
    }

    /** Adds JVM memory, GC, thread, class-loader, CPU and uptime metrics (the runnable does; unit tests need not). */
    public ConnectorMetrics withJvmMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        return this;
    }

    public String connectorName() {
        return connectorName;
    }

    /** The registry, for extra meters a connector wants to add. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** Sink: a message arrived from Danube. */
    public void messageReceived(String topic) {
        messagesReceived(topic, 1);
    }

    /** Sink: {@code n} messages arrived from Danube (one update per received batch instead of per message). */
    public void messagesReceived(String topic, long n) {
        if (n > 0) {
            counter(RECEIVED, "Messages received from Danube", topic).increment(n);
        }
    }

    /** Sink: {@code n} messages processed and acked; source: {@code n} records acknowledged by the broker. */
    public void messagesProcessed(String topic, long n) {
        if (n > 0) {
            counter(PROCESSED, "Messages processed successfully", topic).increment(n);
        }
    }

    /** A message failed, with a bounded reason. */
    public void messageFailed(String topic, ErrorType errorType) {
        meter(new MeterKey(FAILED, topic, errorType.label()), () -> Counter.builder(FAILED)
                .description("Messages that failed, by error type")
                .tags(Tags.of("topic", topic, "error_type", errorType.label()))
                .register(registry), Counter.class)
                .increment();
    }

    /** A message (or the batch holding it) is retried. */
    public void messageRetried(String topic) {
        counter(RETRIED, "Message retries", topic).increment();
    }

    /** How long a batch or send took. */
    public void recordProcessingDuration(String topic, Duration duration) {
        meter(new MeterKey(DURATION, topic, null), () -> Timer.builder(DURATION)
                .description("Processing time per batch (sink) or send (source)")
                .tags(Tags.of("topic", topic))
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry), Timer.class)
                .record(duration);
    }

    /** Size of a batch handed to the connector (sink) or published (source). */
    public void recordBatchSize(String topic, int n) {
        meter(new MeterKey(BATCH_SIZE, topic, null), () -> DistributionSummary.builder(BATCH_SIZE)
                .description("Records per batch")
                .tags(Tags.of("topic", topic))
                .serviceLevelObjectives(BATCH_SIZE_BUCKETS)
                .register(registry), DistributionSummary.class)
                .record(n);
    }

    /** Messages in flight (sent and not yet acknowledged, or received and not yet acked) changed by {@code delta}. */
    public void inflightChanged(String topic, long delta) {
        inflightByTopic.computeIfAbsent(topic, this::registerInflightGauge).addAndGet(delta);
    }

    /** Sets {@code danube_connector_health} to 1 or 0. */
    public void setHealthy(boolean isHealthy) {
        healthy.set(isHealthy ? 1 : 0);
    }

    private AtomicLong registerInflightGauge(String topic) {
        AtomicLong value = new AtomicLong();
        Gauge.builder(INFLIGHT, value, AtomicLong::get)
                .description("Messages in flight")
                .tags(Tags.of("topic", topic))
                .register(registry);
        return value;
    }

    private Counter counter(String name, String description, String topic) {
        return meter(new MeterKey(name, topic, null),
                () -> Counter.builder(name).description(description).tags(Tags.of("topic", topic)).register(registry),
                Counter.class);
    }

    /**
     * Meters are looked up per message; this cache avoids building a Micrometer meter id each time, and its record
     * key avoids concatenating strings on the hot path.
     */
    private <M extends Meter> M meter(MeterKey key, Supplier<M> create, Class<M> type) {
        return type.cast(meters.computeIfAbsent(key, k -> create.get()));
    }

    private record MeterKey(String name, String topic, String errorType) {
    }

    @Override
    public void close() {
        if (gcMetrics != null) {
            gcMetrics.close();
        }
        registry.close();
    }
}
