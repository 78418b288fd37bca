package com.danubemessaging.connect.runtime.sink;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.client.MessageId;
import com.danubemessaging.connect.runtime.deadletter.DeadLetterPublisher;
import com.danubemessaging.connect.runtime.lifecycle.StopSignal;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import com.danubemessaging.connect.runtime.metrics.ErrorType;
import com.danubemessaging.connect.runtime.retry.RetryPolicy;
import com.danubemessaging.connect.runtime.schema.RecordConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one batch: converts the messages, calls {@code processBatch}, and settles every message exactly once:
 * ack after success; on a retryable error back off and retry per {@code [retry]}, then nack (the broker
 * redelivers); on invalid data retry record by record so good records still go through, and nack or dead-letter
 * the bad ones. A fatal error propagates with nothing of the batch acked.
 */
final class BatchProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);
    private static final long DEAD_LETTER_TIMEOUT_SECONDS = 30;

    private record Item(Delivery delivery, SinkRecord record) {
    }

    private final SinkConnector connector;
    private final RecordConverter converter;
    private final AckTracker acks;
    private final DeadLetterPublisher deadLetter;
    private final ConnectorMetrics metrics;
    private final RetryPolicy retry;
    private final Duration nackDelay;
    private final StopSignal stop;
    private final Duration shutdownDrain;

    BatchProcessor(SinkConnector connector, RecordConverter converter, AckTracker acks,
                   DeadLetterPublisher deadLetterOrNull, ConnectorMetrics metrics, RetryPolicy retry,
                   Duration nackDelay, StopSignal stop, Duration shutdownDrain) {
        this.connector = connector;
        this.converter = converter;
        this.acks = acks;
        this.deadLetter = deadLetterOrNull;
        this.metrics = metrics;
        this.retry = retry;
        this.nackDelay = nackDelay;
        this.stop = stop;
        this.shutdownDrain = shutdownDrain;
    }

    /**
     * @throws FatalException (or {@link ConfigurationException}) from the connector; the batch is not acked
     */
    void process(List<Delivery> batch) {
        long start = System.nanoTime();
        Map<String, Integer> perTopic = new HashMap<>();
        List<Item> items = new ArrayList<>(batch.size());
        for (Delivery d : batch) {
            perTopic.merge(d.topic(), 1, Integer::sum);
            try {
                items.add(new Item(d, converter.convert(d.message(), d.config())));
            } catch (InvalidDataException e) {
                rejectInvalid(d, e.getMessage());
            } catch (RetryableException e) {
                metrics.messageFailed(d.topic(), ErrorType.RETRYABLE);
                LOG.warn("Cannot decode message on {} now, nacking it for redelivery: {}", d.topic(), e.getMessage());
                acks.nack(d, nackDelay, e.getMessage());
            }
        }
        perTopic.forEach(metrics::recordBatchSize);
        if (!items.isEmpty()) {
            processWithRetry(items);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        perTopic.keySet().forEach(t -> metrics.recordProcessingDuration(t, took));
    }

    private void processWithRetry(List<Item> items) {
        int retries = 0;
        while (true) {
            try {
                connector.processBatch(items.stream().map(Item::record).toList());
                // a connector that buffers writes them here; nothing handed over is acked before it is durable
                connector.flush();
                items.forEach(i -> acks.ack(i.delivery()));
                return;
            } catch (InvalidDataException e) {
                if (items.size() == 1) {
                    rejectInvalid(items.get(0).delivery(), e.getMessage());
                } else {
                    LOG.warn("Batch of {} failed with invalid data ({}); retrying record by record to isolate it",
                            items.size(), e.getMessage());
                    for (Item item : items) {
                        processWithRetry(List.of(item));
                    }
                }
                return;
            } catch (FatalException | ConfigurationException e) {
                throw e;
            } catch (RuntimeException e) {
                items.forEach(i -> metrics.messageFailed(i.delivery().topic(), ErrorType.RETRYABLE));
                boolean drainOver = stop.isStopped() && stop.sinceStop().compareTo(shutdownDrain) >= 0;
                if (!retry.canRetry(retries) || drainOver) {
                    LOG.warn("Batch of {} still failing after {} retries, nacking it for redelivery: {}",
                            items.size(), retries, e.toString());
                    items.forEach(i -> acks.nack(i.delivery(), nackDelay, truncate(e.toString())));
                    return;
                }
                retries++;
                Duration wait = retry.backoff(retries);
                LOG.warn("Batch of {} failed (retry {} of {} in {} ms): {}", items.size(), retries,
                        retry.maxRetries(), wait.toMillis(), e.toString());
                items.forEach(i -> metrics.messageRetried(i.delivery().topic()));
                stop.backOff(wait, shutdownDrain, "a batch");
            }
        }
    }

    /** Counts the bad message and dead-letters it (then acks it: it is handled) or nacks it. Never a silent ack. */
    private void rejectInvalid(Delivery d, String reason) {
        metrics.messageFailed(d.topic(), ErrorType.INVALID_DATA);
        if (deadLetter != null) {
            MessageId id = d.message().messageId();
            try {
                deadLetter.publish(d.topic(), d.message().payload(), d.message().attributes(), reason,
                        id.topicName() + "@" + id.topicOffset()).get(DEAD_LETTER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.warn("Invalid message {}@{} sent to dead-letter topic {}: {}", id.topicName(), id.topicOffset(),
                        deadLetter.topic(), reason);
                acks.ack(d);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                metrics.messageFailed(d.topic(), ErrorType.DEAD_LETTER);
                LOG.warn("Dead-lettering message on {} failed, nacking it instead: {}", d.topic(), e.toString());
            }
        } else {
            LOG.warn("Invalid message {}@{} nacked: {}", d.message().partitionTopic(),
                    d.message().messageId().topicOffset(), reason);
        }
        acks.nack(d, nackDelay, truncate(reason));
    }

    private static String truncate(String s) {
        return s == null ? "" : s.length() > 500 ? s.substring(0, 500) : s;
    }
}
