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
import com.danubemessaging.connect.runtime.deadletter.DeadLetterPublisher;
import com.danubemessaging.connect.runtime.lifecycle.HealthMonitor;
import com.danubemessaging.connect.runtime.lifecycle.RuntimeLifecycle;
import com.danubemessaging.connect.runtime.lifecycle.StopSignal;
import com.danubemessaging.connect.runtime.metrics.ErrorType;
import com.danubemessaging.connect.runtime.retry.RetryPolicy;
import com.danubemessaging.connect.runtime.schema.SourceSchemaResolver;
import com.danubemessaging.connect.runtime.schema.TopicSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    /** How long a stop may keep retrying unsent records before giving up on them (uncommitted). */
    static final Duration SHUTDOWN_DRAIN = Duration.ofSeconds(20);

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
    private boolean initialized;

    public SourceRuntime(SourceConnector connector, RuntimeContext ctx) {
        this.connector = connector;
        this.ctx = ctx;
        this.lifecycle = new RuntimeLifecycle("source", ctx.config().connectorName(), ctx.health());
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
        connector.initialize(config);
        initialized = true;
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
        publisher = new SourcePublisher(router, deadLetter, ctx.metrics(), new RetryPolicy(config.retry()), stop,
                SHUTDOWN_DRAIN);
        healthMonitor = ctx.connectorHealthMonitor(connector::healthCheck);
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
            publishAndCommit(records);
        }
    }

    private void runStreaming() {
        ProcessingSettings processing = ctx.config().processing();
        sender = new QueueSourceSender(processing.batchSize());
        streamingThread = new Thread(this::streamingTask, "source-streaming-" + ctx.config().connectorName());
        streamingThread.setDaemon(true);
        streamingThread.start();
        try {
            while (!stop.isStopped() && streamingFailure.get() == null) {
                healthMonitor.checkIfDue();
                Duration wait = min(processing.pollInterval(), healthMonitor.untilDue());
                List<QueueSourceSender.Accepted> batch = sender.take(processing.batchSize(), wait);
                if (!batch.isEmpty()) {
                    publishAccepted(batch);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FatalException("source runtime interrupted", e);
        } finally {
            sender.close();
        }
        // everything the connector handed over before the close is published, so a stop loses nothing accepted
        for (List<QueueSourceSender.Accepted> rest = sender.drain(processing.batchSize()); !rest.isEmpty();
             rest = sender.drain(processing.batchSize())) {
            publishAccepted(rest);
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

    /** Publishes what a streaming connector handed over and settles each record's completion. */
    private void publishAccepted(List<QueueSourceSender.Accepted> batch) {
        try {
            publishAndCommit(batch.stream().map(QueueSourceSender.Accepted::record).toList());
        } catch (RuntimeException e) {
            batch.forEach(a -> a.published().completeExceptionally(e));
            throw e;
        }
        batch.forEach(a -> a.published().complete(null));
    }

    private void publishAndCommit(List<SourceRecord> records) {
        List<Offset> offsets = publisher.publish(records);
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

    /** The topic label for errors that belong to the connector as a whole rather than to one record. */
    private String errorTopic() {
        List<String> topics = router == null ? List.of() : router.topics();
        return topics.size() == 1 ? topics.get(0) : "*";
    }

    private void close(boolean afterFailure) {
        ctx.health().markStopping();
        if (sender != null) {
            sender.close();
        }
        if (initialized) {
            try {
                connector.shutdown();
            } catch (RuntimeException e) {
                LOG.warn("connector shutdown() failed: {}", e.toString());
            }
        }
        if (streamingThread != null) {
            streamingThread.interrupt();
            try {
                streamingThread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (router != null) {
            if (!afterFailure) {
                router.flushAll();
            }
            router.close();
        }
        if (deadLetter != null) {
            try {
                deadLetter.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the dead-letter producer failed: {}", e.toString());
            }
        }
        ctx.metrics().setHealthy(false);
        LOG.info("Source connector '{}' stopped", ctx.config().connectorName());
    }

    private static Duration min(Duration a, Duration b) {
        Duration m = a.compareTo(b) <= 0 ? a : b;
        return m.isZero() ? Duration.ofMillis(1) : m;
    }
}
