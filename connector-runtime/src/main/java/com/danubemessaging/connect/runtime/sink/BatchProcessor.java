package com.danubemessaging.connect.runtime.sink;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.client.MessageId;
import com.danubemessaging.connect.runtime.deadletter.DeadLetterPublisher;
import com.danubemessaging.connect.runtime.lifecycle.StopSignal;
import com.danubemessaging.connect.runtime.logging.LogContext;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import com.danubemessaging.connect.runtime.metrics.ErrorType;
import com.danubemessaging.connect.runtime.retry.RetryPolicy;
import com.danubemessaging.connect.runtime.schema.RecordConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one batch to the connector and settles every message of it, never with a nack: a nack of a message that
 * keeps failing ends, after the subscription's redeliveries, in the broker's default poison policy (Block), which
 * halts the whole subscription for good (danube-broker {@code dispatcher/*&#47;reliable.rs}).
 *
 * <ul>
 *   <li>Success: {@code processBatch}, then {@code flush}, then every message is acked. Nothing handed over is
 *       acked before a later {@code flush} returned.</li>
 *   <li>A retryable failure of decoding, {@code processBatch} or {@code flush}: nothing is acked; the whole batch
 *       is handed over again after the capped {@code [retry]} back-off, for as long as it takes. After
 *       {@code max_retries} failures in a row the runtime reports itself stalled ({@code /health/ready} 503 with
 *       the reason, {@code danube_connector_health} 0) and keeps retrying; the first success clears it.</li>
 *   <li>Invalid data: a batch is retried record by record to find the bad ones; each bad one is dead-lettered
 *       then acked, or, without a dead-letter topic, counted, logged at WARN with its message id and acked.</li>
 *   <li>A fatal or configuration error propagates with nothing of the batch acked.</li>
 *   <li>After a stop, a back-off ends at once and the batch gets one last attempt; if that fails it is given up
 *       unacked, and the broker redelivers it to the next consumer.</li>
 * </ul>
 */
final class BatchProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);
    private static final long DEAD_LETTER_TIMEOUT_SECONDS = 30;

    /** Where the processor reports that records stopped moving, and that they move again. */
    interface StallReporter {
        void stalled(String reason);

        void flowing();
    }

    /** A received message on its way: its record once decoded, why it is invalid if it is, what was counted. */
    private static final class Item {
        final Delivery delivery;
        SinkRecord record;
        String invalidReason;
        boolean countedFailed;
        boolean countedRetried;

        Item(Delivery delivery) {
            this.delivery = delivery;
        }

        String topic() {
            return delivery.topic();
        }
    }

    private final SinkConnector connector;
    private final RecordConverter converter;
    private final AckTracker acks;
    private final DeadLetterPublisher deadLetter;
    private final ConnectorMetrics metrics;
    private final RetryPolicy retry;
    private final StopSignal stop;
    private final StallReporter stall;

    BatchProcessor(SinkConnector connector, RecordConverter converter, AckTracker acks,
                   DeadLetterPublisher deadLetterOrNull, ConnectorMetrics metrics, RetryPolicy retry, StopSignal stop,
                   StallReporter stall) {
        this.connector = connector;
        this.converter = converter;
        this.acks = acks;
        this.deadLetter = deadLetterOrNull;
        this.metrics = metrics;
        this.retry = retry;
        this.stop = stop;
        this.stall = stall;
    }

    /**
     * Delivers the batch and acks what was written or rejected as invalid.
     *
     * @return false when a stop made it give up: the messages not acked are left for the broker to redeliver
     * @throws FatalException (or {@link ConfigurationException}) from the connector; the batch is not acked
     */
    boolean process(List<Delivery> batch) {
        long start = System.nanoTime();
        Map<String, Integer> perTopic = new HashMap<>();
        List<Item> items = new ArrayList<>(batch.size());
        for (Delivery d : batch) {
            perTopic.merge(d.topic(), 1, Integer::sum);
            items.add(new Item(d));
        }
        perTopic.forEach(metrics::recordBatchSize);
        boolean delivered = deliver(items);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        perTopic.keySet().forEach(t -> metrics.recordProcessingDuration(t, took));
        return delivered;
    }

    private boolean deliver(List<Item> items) {
        int failures = 0;
        while (true) {
            try {
                decode(items);
                settleInvalid(items);
                if (!items.isEmpty()) {
                    connector.processBatch(items.stream().map(i -> i.record).toList());
                    // a connector that buffers writes them here; nothing handed over is acked before it is durable
                    connector.flush();
                    items.forEach(i -> acks.ack(i.delivery));
                }
                if (failures > 0) {
                    LOG.info("Batch of {} written after {} failed attempt(s)", items.size(), failures);
                    stall.flowing();
                }
                return true;
            } catch (InvalidDataException e) {
                if (items.size() == 1) {
                    items.get(0).invalidReason = e.getMessage();
                    continue;
                }
                LOG.warn("Batch of {} failed with invalid data ({}); handing it over record by record to find the "
                        + "bad one(s)", items.size(), e.getMessage());
                for (Item item : items) {
                    if (!deliver(new ArrayList<>(List.of(item)))) {
                        return false;
                    }
                }
                return true;
            } catch (FatalException | ConfigurationException e) {
                ErrorType type = e instanceof ConfigurationException ? ErrorType.CONFIGURATION : ErrorType.FATAL;
                items.forEach(i -> metrics.messageFailed(i.topic(), type));
                throw e;
            } catch (RuntimeException e) {
                failures++;
                for (Item i : items) {
                    if (!i.countedFailed) {
                        i.countedFailed = true;
                        metrics.messageFailed(i.topic(), ErrorType.RETRYABLE);
                    }
                }
                if (stop.isStopped()) {
                    LOG.warn("Stopping: giving up on a batch of {} after {} failed attempt(s); it stays unacked and "
                            + "the broker redelivers it: {}", items.size(), failures, e.toString());
                    return false;
                }
                Duration wait = retry.backoff(failures);
                if (failures > retry.maxRetries()) {
                    String reason = "sink cannot write: " + e.getMessage() + " (" + failures + " failed attempts in"
                            + " a row; retrying every " + wait.toMillis() + " ms, nothing is acked meanwhile)";
                    if (failures == retry.maxRetries() + 1) {
                        LOG.error("Batch of {} still failing after max_retries = {}; reporting not ready and "
                                + "retrying until it succeeds: {}", items.size(), retry.maxRetries(), e.toString());
                    }
                    stall.stalled(reason);
                }
                for (Item i : items) {
                    if (!i.countedRetried) {
                        i.countedRetried = true;
                        metrics.messageRetried(i.topic());
                    }
                }
                LOG.warn("Batch of {} failed (attempt {}), retrying in {} ms: {}", items.size(), failures,
                        wait.toMillis(), e.toString());
                stop.backOff(wait, "a batch");
            }
        }
    }

    /** Decodes the items not decoded yet; a message that cannot be decoded is marked invalid. */
    private void decode(List<Item> items) {
        for (Item i : items) {
            if (i.record != null || i.invalidReason != null) {
                continue;
            }
            try {
                i.record = converter.convert(i.delivery.message(), i.delivery.config());
            } catch (InvalidDataException e) {
                i.invalidReason = e.getMessage();
            }
        }
    }

    /**
     * Dead-letters (or, without a dead-letter topic, only counts and logs) the items marked invalid, acks them and
     * removes them from {@code items}.
     *
     * @throws com.danubemessaging.connect.api.RetryableException when the dead-letter topic cannot be written now
     */
    private void settleInvalid(List<Item> items) {
        for (Iterator<Item> it = items.iterator(); it.hasNext(); ) {
            Item item = it.next();
            if (item.invalidReason == null) {
                continue;
            }
            Delivery d = item.delivery;
            MessageId id = d.message().messageId();
            String messageId = id.topicName() + "@" + id.topicOffset();
            if (deadLetter != null) {
                deadLetterOrRetry(d, item.invalidReason, messageId);
            }
            try (var topicContext = LogContext.topic(d.topic())) {
                if (deadLetter != null) {
                    LOG.warn("Invalid message {} sent to dead-letter topic {} and acked: {}", messageId,
                            deadLetter.topic(), item.invalidReason);
                } else {
                    LOG.warn("Invalid message {} skipped and acked (no dead_letter_topic configured): {}", messageId,
                            item.invalidReason);
                }
            }
            metrics.messageFailed(d.topic(), ErrorType.INVALID_DATA);
            acks.ack(d);
            it.remove();
        }
    }

    private void deadLetterOrRetry(Delivery d, String reason, String messageId) {
        try {
            deadLetter.publish(d.topic(), d.message().payload(), d.message().attributes(), reason, messageId)
                    .get(DEAD_LETTER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FatalException("interrupted while dead-lettering message " + messageId, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new com.danubemessaging.connect.api.RetryableException("cannot write invalid message " + messageId
                    + " to the dead-letter topic " + deadLetter.topic() + ": " + cause.getMessage(), cause);
        }
    }
}
