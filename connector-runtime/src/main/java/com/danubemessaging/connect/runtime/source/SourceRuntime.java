package com.danubemessaging.connect.runtime.source;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.Offset;
import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.api.SourceMode;
import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.runtime.RuntimeContext;
import com.danubemessaging.connect.runtime.config.UnknownKeysReport;
import com.danubemessaging.connect.runtime.deadletter.DeadLetterPublisher;
import com.danubemessaging.connect.runtime.lifecycle.Bounded;
import com.danubemessaging.connect.runtime.lifecycle.HealthMonitor;
import com.danubemessaging.connect.runtime.lifecycle.RuntimeLifecycle;
import com.danubemessaging.connect.runtime.lifecycle.StopSignal;
import com.danubemessaging.connect.runtime.metrics.ErrorType;
import com.danubemessaging.connect.runtime.retry.RetryPolicy;
import com.danubemessaging.connect.runtime.schema.SourceSchemaResolver;
import com.danubemessaging.connect.runtime.schema.TopicSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SourceConnector}: resolves schemas, initializes the connector, creates one producer per
 * {@link ProducerConfig}, then polls (or lets the connector stream) and publishes. Offsets are committed only
 * after the broker acknowledged every record of the batch that carries them; failed sends are retried with the
 * {@code [retry]} back-off, never dropped. {@link #run()} blocks until {@link #stop()} or a fatal error.
 */
public final class SourceRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(SourceRuntime.class);
    private static final Duration STREAMING_THREAD_JOIN = Duration.ofSeconds(2);
    private static final Duration PRODUCER_CLOSE = Duration.ofSeconds(2);

    private final SourceConnector connector;
    private final RuntimeContext ctx;
    private final RuntimeLifecycle lifecycle;
    private final StopSignal stop;
    private final AtomicReference<RuntimeException> streamingFailure = new AtomicReference<>();
    private ProducerRouter router;
    private DeadLetterPublisher deadLetter;
    private SourcePublisher publisher;
    private HealthMonitor healthMonitor;
    private QueueSourceSender sender;
    private Thread streamingThread;
    private boolean initializeCalled;

    public SourceRuntime(SourceConnector connector, RuntimeContext ctx) {
        this.connector = connector;
        this.ctx = ctx;
        this.lifecycle = new RuntimeLifecycle("source", ctx.config().connectorName(), ctx.health(),
                ctx.shutdownTimeout(), ctx.config()::mask);
        this.stop = lifecycle.stopSignal();
    }

    /**
     * Runs until {@link #stop()}; then stops intake, publishes what was accepted, commits, calls
     * {@code connector.shutdown()} and closes the producers.
     *
     * @throws FatalException on a fatal or configuration error, after the same orderly close
     */
    public void run() {
        lifecycle.run(() -> {
            if (!ctx.awaitBroker(stop)) {
                return; // stopped before the broker came up: nothing was started
            }
            start();
            if (connector.mode() == SourceMode.STREAMING) {
                runStreaming();
            } else {
                runPolling();
            }
        }, this::close);
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
        // shutdown() is owed from here on, even if initialize() fails half-way
        initializeCalled = true;
        connector.initialize(config);
        UnknownKeysReport.afterInitialize(config);
        List<ProducerConfig> producerConfigs = connector.producerConfigs();
        if (producerConfigs == null || producerConfigs.isEmpty()) {
            throw new ConfigurationException("producerConfigs() of " + connector.getClass().getName()
                    + " returned no topic; a source needs at least one");
        }
        Map<String, TopicSchema> schemas = new SourceSchemaResolver(ctx.client().schemaRegistry())
                .resolve(config.schemas(), producerConfigs);
        router = ProducerRouter.create(ctx.client(), config.connectorName(), config.processing().maxInFlight(),
                producerConfigs, schemas);
        ProcessingSettings processing = config.processing();
        if (processing.deadLetterTopic().isPresent()) {
            deadLetter = DeadLetterPublisher.create(ctx.client(), processing.deadLetterTopic().get(),
                    config.connectorName());
        }
        publisher = new SourcePublisher(router, deadLetter, ctx.metrics(), new RetryPolicy(config.retry()), stop);
        healthMonitor = ctx.connectorHealthMonitor(connector::healthCheck, errorTopic());
        ctx.markRunning();
        LOG.info("Source connector '{}' running in {} mode, topics {}", config.connectorName(),
                connector.mode(), router.topics());
    }

    private void runPolling() {
        RetryPolicy retry = new RetryPolicy(ctx.config().retry());
        Duration pollInterval = ctx.config().processing().pollInterval();
        int failures = 0;
        while (!stop.isStopped()) {
            healthMonitor.checkIfDue();
            List<SourceRecord> records;
            try {
                records = connector.poll();
                failures = 0;
            } catch (InvalidDataException e) {
                publisher.publishInvalid(errorTopic(), e);
                continue;
            } catch (FatalException | ConfigurationException e) {
                throw e;
            } catch (RuntimeException e) {
                failures++;
                ctx.metrics().messageFailed(errorTopic(), ErrorType.RETRYABLE);
                Duration wait = retry.backoff(failures);
                LOG.warn("poll() failed ({} in a row), polling again in {} ms: {}", failures, wait.toMillis(),
                        e.toString());
                stop.await(wait);
                continue;
            }
            if (records == null || records.isEmpty()) {
                stop.await(pollInterval);
                continue;
            }
            List<PendingRecord> batch = new ArrayList<>(records.size());
            records.forEach(r -> batch.add(PendingRecord.track(r, ctx.metrics())));
            publishAndCommit(batch);
        }
    }

    private void runStreaming() {
        ProcessingSettings processing = ctx.config().processing();
        sender = new QueueSourceSender(processing.batchSize(), ctx.metrics());
        sender.publishingThread(Thread.currentThread());
        streamingThread = new Thread(this::streamingTask, "source-streaming-" + ctx.config().connectorName());
        streamingThread.setDaemon(true);
        streamingThread.start();
        try {
            while (!stop.isStopped() && streamingFailure.get() == null) {
                healthMonitor.checkIfDue();
                Duration wait = min(processing.pollInterval(), healthMonitor.untilDue());
                List<PendingRecord> batch = sender.take(processing.batchSize(), wait);
                if (!batch.isEmpty()) {
                    publishAndCommit(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FatalException("source runtime interrupted", e);
        } finally {
            sender.close();
        }
        // everything the connector handed over before the close is published, so a stop loses nothing accepted
        for (List<PendingRecord> rest = sender.drain(processing.batchSize()); !rest.isEmpty();
             rest = sender.drain(processing.batchSize())) {
            publishAndCommit(rest);
        }
        RuntimeException failure = streamingFailure.get();
        if (failure != null) {
            throw failure;
        }
    }

    /** Calls startStreaming; a retryable failure calls it again after a back-off, a fatal one ends the runtime. */
    private void streamingTask() {
        RetryPolicy retry = new RetryPolicy(ctx.config().retry());
        int failures = 0;
        while (!stop.isStopped()) {
            try {
                connector.startStreaming(sender);
                return;
            } catch (FatalException | ConfigurationException e) {
                if (!sender.isClosed()) {
                    streamingFailure.compareAndSet(null, e);
                }
                return;
            } catch (RuntimeException e) {
                if (sender.isClosed()) {
                    return;
                }
                failures++;
                ctx.metrics().messageFailed(errorTopic(), ErrorType.RETRYABLE);
                Duration wait = retry.backoff(failures);
                LOG.warn("startStreaming() failed ({} in a row), starting again in {} ms: {}", failures,
                        wait.toMillis(), e.toString());
                stop.await(wait);
            }
        }
    }

    /**
     * Publishes a batch, then commits its offsets. Each record is settled as the broker answers; when publishing
     * fails for good, the records not settled yet fail with that error, so no caller waits forever.
     */
    private void publishAndCommit(List<PendingRecord> batch) {
        List<Offset> offsets;
        try {
            offsets = publisher.publish(batch);
        } catch (RuntimeException e) {
            failUnsettled(batch, e);
            throw e;
        }
        if (!offsets.isEmpty()) {
            try {
                connector.commit(offsets);
            } catch (FatalException e) {
                throw e;
            } catch (RuntimeException e) {
                // the records are safely in Danube; a failed commit only means they may be re-read after a restart
                LOG.warn("commit() of {} offset(s) failed: {}", offsets.size(), e.toString());
            }
        }
    }

    private void failUnsettled(List<PendingRecord> batch, RuntimeException reason) {
        long unsettled = batch.stream().filter(r -> !r.isSettled()).count();
        if (unsettled == 0) {
            return;
        }
        ErrorType type = reason instanceof ConfigurationException ? ErrorType.CONFIGURATION : ErrorType.FATAL;
        batch.stream().filter(r -> !r.isSettled()).forEach(r -> ctx.metrics().messageFailed(r.record().topic(), type));
        PendingRecord.failUnsettled(batch, reason);
    }

    /** The topic label for errors that belong to the connector as a whole rather than to one record. */
    private String errorTopic() {
        List<String> topics = router == null ? List.of() : router.topics();
        return topics.size() == 1 ? topics.get(0) : "*";
    }

    private void close(FatalException failure) {
        ctx.health().markStopping();
        if (sender != null) {
            sender.close();
            FatalException reason = failure != null
                    ? new FatalException("not published: the source runtime failed: " + failure.getMessage(), failure)
                    : new FatalException("not published: the source runtime stopped first");
            List<PendingRecord> rest = sender.drain(Integer.MAX_VALUE);
            if (!rest.isEmpty()) {
                failUnsettled(rest, reason);
                LOG.warn("{} accepted record(s) were not published before the runtime ended; their completions "
                        + "failed so the connector can hand them over again", rest.size());
            }
        }
        if (initializeCalled) {
            try {
                connector.shutdown();
            } catch (RuntimeException e) {
                LOG.warn("connector shutdown() failed: {}", e.toString());
            }
        }
        if (streamingThread != null) {
            streamingThread.interrupt();
            try {
                streamingThread.join(STREAMING_THREAD_JOIN.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (publisher != null) {
            publisher.close();
        }
        // every send was awaited by the publisher; closing the producers must not wait for a broker that is gone
        Bounded.run("closing the producers", PRODUCER_CLOSE, () -> {
            if (router != null) {
                router.close();
            }
            if (deadLetter != null) {
                deadLetter.close();
            }
        });
        ctx.metrics().setHealthy(false);
        LOG.info("Source connector '{}' stopped", ctx.config().connectorName());
    }

    private static Duration min(Duration a, Duration b) {
        Duration m = a.compareTo(b) <= 0 ? a : b;
        return m.isZero() ? Duration.ofMillis(1) : m;
    }
}
