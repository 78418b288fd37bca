package com.danubemessaging.connect.runtime.sink;

import com.danubemessaging.connect.api.Batcher;
import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.client.Consumer;
import com.danubemessaging.connect.runtime.RuntimeContext;
import com.danubemessaging.connect.runtime.config.UnknownKeysReport;
import com.danubemessaging.connect.runtime.deadletter.DeadLetterPublisher;
import com.danubemessaging.connect.runtime.lifecycle.Bounded;
import com.danubemessaging.connect.runtime.lifecycle.HealthMonitor;
import com.danubemessaging.connect.runtime.lifecycle.RuntimeLifecycle;
import com.danubemessaging.connect.runtime.lifecycle.StopSignal;
import com.danubemessaging.connect.runtime.retry.RetryPolicy;
import com.danubemessaging.connect.runtime.schema.RecordConverter;
import com.danubemessaging.connect.runtime.schema.SinkSchemaCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SinkConnector}: one consumer per {@link ConsumerConfig} (see {@link SinkSubscriptions}: topics
 * created when missing, consumer names stable for Exclusive/Failover and per instance for Shared/KeyShared),
 * messages handed to the batch loop as they arrive, batches bounded by {@code batch_size} and
 * {@code batch_timeout_ms}, acks only after the batch succeeded. {@link #run()} blocks until {@link #stop()} or a
 * fatal error, including a consumer the broker refuses.
 */
public final class SinkRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(SinkRuntime.class);
    private static final Duration IDLE_WAIT = Duration.ofMillis(500);
    /**
     * A partial batch is handed over once nothing has arrived for this long. Waiting for a full batch would stall
     * on reliable topics: the broker sends at most its unacked window (10 messages by default) and then waits for
     * acks, which only come after the batch is processed — the Rust runtime's ~10 msg/s trap.
     */
    private static final Duration QUIET_FLUSH = Duration.ofMillis(20);
    private static final Duration ACK_WAIT_AT_CLOSE = Duration.ofSeconds(3);
    private static final Duration CONSUMER_CLOSE = Duration.ofSeconds(2);

    private final SinkConnector connector;
    private final RuntimeContext ctx;
    private final RuntimeLifecycle lifecycle;
    private final StopSignal stop;
    private final Map<ConsumerConfig, Consumer> consumers = new LinkedHashMap<>();
    private SinkSubscriptions subscriptions;
    private AckTracker acks;
    private SinkIntake intake;
    private DeadLetterPublisher deadLetter;
    private BatchProcessor processor;
    private HealthMonitor healthMonitor;
    private boolean initializeCalled;

    public SinkRuntime(SinkConnector connector, RuntimeContext ctx) {
        this.connector = connector;
        this.ctx = ctx;
        this.lifecycle = new RuntimeLifecycle("sink", ctx.config().connectorName(), ctx.health(),
                ctx.shutdownTimeout(), ctx.config()::mask);
        this.stop = lifecycle.stopSignal();
    }

    /**
     * Runs until {@link #stop()}; then stops intake, processes and acks what was already received, calls
     * {@code connector.shutdown()} and closes the consumers.
     *
     * @throws FatalException on a fatal or configuration error (nothing unprocessed is acked)
     */
    public void run() {
        lifecycle.run(() -> {
            if (!ctx.awaitBroker(stop)) {
                return; // stopped before the broker came up: nothing was started
            }
            start();
            loop();
            subscriptions.throwIfRefused(); // a refused consumer ended the loop: fail with the broker's reason
        }, failure -> close());
    }

    /** Asks {@link #run()} to finish; returns at once. Safe from any thread, e.g. a shutdown hook. */
    public void stop() {
        lifecycle.stop();
    }

    /** Waits until {@link #run()} has returned; true if it did within {@code timeout}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return lifecycle.awaitTermination(timeout);
    }

    private void start() {
        ConnectorConfig config = ctx.config();
        ProcessingSettings processing = config.processing();
        // shutdown() is owed from here on, even if initialize() fails half-way
        initializeCalled = true;
        connector.initialize(config);
        UnknownKeysReport.afterInitialize(config);
        List<ConsumerConfig> configs = connector.consumerConfigs();
        if (configs == null || configs.isEmpty()) {
            throw new ConfigurationException("consumerConfigs() of " + connector.getClass().getName()
                    + " returned no topic; a sink needs at least one");
        }
        subscriptions = new SinkSubscriptions(ctx.client(), config.instanceId(), processing.batchSize(), stop);
        ctx.health().addReadinessCheck(subscriptions::readinessProblem);
        consumers.putAll(subscriptions.open(configs));
        // After the sink's own topics exist: creating e.g. /default/orders-dlq first would make /default/orders
        // impossible to create (the broker's name check is a prefix scan).
        if (processing.deadLetterTopic().isPresent() && !stop.isStopped()) {
            deadLetter = DeadLetterPublisher.create(ctx.client(), processing.deadLetterTopic().get(),
                    config.connectorName());
        }
        acks = new AckTracker(ctx.metrics());
        RetryPolicy retry = new RetryPolicy(config.retry());
        processor = new BatchProcessor(connector, new RecordConverter(new SinkSchemaCache(ctx.client().schemaRegistry())),
                acks, deadLetter, ctx.metrics(), retry, stop, stallReporter());
        healthMonitor = ctx.connectorHealthMonitor(connector::healthCheck, topicLabel(configs));
        intake = new SinkIntake(consumers, processing.batchSize(), ctx.metrics());
        intake.start();
        subscriptions.watch(this::stop);
        ctx.markRunning();
        LOG.info("Sink connector '{}' running, topics {}", config.connectorName(),
                configs.stream().map(ConsumerConfig::topic).toList());
    }

    private BatchProcessor.StallReporter stallReporter() {
        return new BatchProcessor.StallReporter() {
            @Override
            public void stalled(String reason) {
                ctx.markStalled(reason);
            }

            @Override
            public void flowing() {
                ctx.markFlowing();
            }
        };
    }

    /** The topic label of errors that belong to the connector as a whole (health checks). */
    private static String topicLabel(List<ConsumerConfig> configs) {
        return configs.size() == 1 ? configs.get(0).topic() : "*";
    }

    private void loop() {
        ProcessingSettings processing = ctx.config().processing();
        int batchSize = Math.max(1, processing.batchSize());
        Batcher<Delivery> batcher = new Batcher<>(batchSize, processing.batchTimeout());
        List<Delivery> drained = new ArrayList<>();
        try {
            while (!stop.isStopped()) {
                healthMonitor.checkIfDue();
                Duration wait = batcher.isEmpty() ? IDLE_WAIT : min(batcher.remaining(), QUIET_FLUSH);
                wait = min(wait, healthMonitor.untilDue());
                Delivery first = intake.poll(wait);
                if (first != null) {
                    batcher.add(first);
                    drained.clear();
                    intake.drainTo(drained, batchSize - batcher.size());
                    drained.forEach(batcher::add);
                }
                boolean intakeWentQuiet = first == null && !batcher.isEmpty();
                if ((intakeWentQuiet || batcher.shouldFlush()) && !processor.process(batcher.flush())) {
                    // a stop came while the batch kept failing: what is left is redelivered, not tried now
                    intake.close();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FatalException("sink runtime interrupted", e);
        }
        // orderly stop: no new intake, then what was already received is written and acked while the drain
        // budget lasts; what is left unacked is redelivered by the broker to the next consumer
        intake.close();
        List<Delivery> rest = new ArrayList<>(batcher.flush());
        intake.drainTo(rest, Integer.MAX_VALUE);
        for (int from = 0; from < rest.size() && !stop.drainOver(); from += batchSize) {
            if (!processor.process(rest.subList(from, Math.min(rest.size(), from + batchSize)))) {
                break;
            }
        }
    }

    private void close() {
        ctx.health().markStopping();
        if (intake != null) {
            intake.close();
        }
        if (acks != null) {
            acks.awaitOutstanding(ACK_WAIT_AT_CLOSE);
        }
        if (initializeCalled) {
            try {
                connector.shutdown();
            } catch (RuntimeException e) {
                LOG.warn("connector shutdown() failed: {}", e.toString());
            }
        }
        // closing must not wait for a broker that is gone, or the stop would overrun the shutdown timeout
        Bounded.run("closing the consumers", CONSUMER_CLOSE, () -> {
            consumers.values().forEach(Consumer::close);
            if (deadLetter != null) {
                deadLetter.close();
            }
        });
        ctx.metrics().setHealthy(false);
        LOG.info("Sink connector '{}' stopped", ctx.config().connectorName());
    }

    private static Duration min(Duration a, Duration b) {
        Duration m = a.compareTo(b) <= 0 ? a : b;
        return m.isZero() ? Duration.ofMillis(1) : m;
    }
}
