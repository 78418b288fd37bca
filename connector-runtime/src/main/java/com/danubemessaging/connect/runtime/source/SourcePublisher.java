package com.danubemessaging.connect.runtime.source;

import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.Offset;
import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.client.DanubeClientException;
import com.danubemessaging.connect.client.OutgoingMessage;
import com.danubemessaging.connect.client.Producer;
import com.danubemessaging.connect.runtime.deadletter.DeadLetterPublisher;
import com.danubemessaging.connect.runtime.lifecycle.StopSignal;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import com.danubemessaging.connect.runtime.metrics.ErrorType;
import com.danubemessaging.connect.runtime.retry.RetryPolicy;
import com.danubemessaging.connect.runtime.schema.PayloadEncoder;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one batch of source records and returns only when the broker acknowledged every one of them (or
 * they were dead-lettered / skipped as invalid): sends are pipelined, failed sends are retried with the
 * {@code [retry]} back-off until they succeed, so nothing is lost and nothing that succeeded is sent twice.
 * The returned offsets (the last per source partition, in record order) are therefore safe to commit.
 */
final class SourcePublisher {
    private static final Logger LOG = LoggerFactory.getLogger(SourcePublisher.class);
    /** A send the client neither completes nor fails within this time is treated as failed and sent again. */
    private static final long SEND_RESULT_TIMEOUT_SECONDS = 60;

    private final ProducerRouter router;
    private final PayloadEncoder encoder = new PayloadEncoder();
    private final DeadLetterPublisher deadLetter;
    private final ConnectorMetrics metrics;
    private final RetryPolicy retry;
    private final StopSignal stop;
    private final Duration shutdownDrain;

    /** One message to (re)send: the topic for metrics and the action that sends it. */
    private record Outgoing(String topic, Supplier<CompletableFuture<?>> send, boolean deadLetter, byte[] payload,
                            Map<String, String> attributes) {
    }

    SourcePublisher(ProducerRouter router, DeadLetterPublisher deadLetterOrNull, ConnectorMetrics metrics,
                    RetryPolicy retry, StopSignal stop, Duration shutdownDrain) {
        this.router = router;
        this.deadLetter = deadLetterOrNull;
        this.metrics = metrics;
        this.retry = retry;
        this.stop = stop;
        this.shutdownDrain = shutdownDrain;
    }

    /**
     * Sends the batch and waits for the broker.
     *
     * @return the offsets to commit, at most one per source partition
     * @throws FatalException for a record topic that has no producer, for a send error the broker keeps
     *                        refusing (non-retryable) past {@code max_retries}, or when a stop's drain time ran out
     */
    List<Offset> publish(List<SourceRecord> records) {
        long start = System.nanoTime();
        List<Outgoing> sends = new ArrayList<>(records.size());
        Map<String, Offset> lastOffsets = new LinkedHashMap<>();
        Map<String, Integer> perTopic = new HashMap<>();
        for (SourceRecord record : records) {
            String topic = record.topic();
            Producer producer = router.producerFor(topic);
            perTopic.merge(topic, 1, Integer::sum);
            record.offset().ifPresent(o -> lastOffsets.put(o.partition(), o));
            byte[] bytes;
            try {
                bytes = encoder.encode(record, router.schemaType(topic).orElse(null));
            } catch (InvalidDataException e) {
                Outgoing dl = rejectInvalid(topic, e.payload(), record.attributes(), e.getMessage());
                if (dl != null) {
                    sends.add(dl);
                }
                continue;
            }
            OutgoingMessage msg = OutgoingMessage.of(bytes).attributes(record.attributes());
            if (record.key().isPresent()) {
                msg = msg.key(record.key().get());
            }
            OutgoingMessage message = msg;
            sends.add(new Outgoing(topic, () -> producer.sendAsync(message), false, bytes, record.attributes()));
        }
        perTopic.forEach(metrics::recordBatchSize);
        sendUntilAcknowledged(sends);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        perTopic.keySet().forEach(t -> metrics.recordProcessingDuration(t, took));
        return new ArrayList<>(lastOffsets.values());
    }

    /**
     * Counts an invalid record and returns its dead-letter send, or null when it is skipped.
     */
    private Outgoing rejectInvalid(String topic, byte[] payload, Map<String, String> attributes, String reason) {
        metrics.messageFailed(topic, ErrorType.INVALID_DATA);
        if (deadLetter == null) {
            LOG.warn("Skipping invalid record for {} (no dead_letter_topic configured): {}", topic, reason);
            return null;
        }
        LOG.warn("Sending invalid record for {} to dead-letter topic {}: {}", topic, deadLetter.topic(), reason);
        return new Outgoing(topic, () -> deadLetter.publish(topic, payload, attributes, reason, null), true, payload,
                attributes);
    }

    /** Handles an invalid record the connector reported by throwing from poll(): counted, dead-lettered or skipped. */
    void publishInvalid(String topic, InvalidDataException e) {
        Outgoing dl = rejectInvalid(topic, e.payload(), Map.of(), e.getMessage());
        if (dl != null) {
            sendUntilAcknowledged(List.of(dl));
        }
    }

    private void sendUntilAcknowledged(List<Outgoing> sends) {
        List<Outgoing> pending = sends;
        int attempt = 0;
        int refusals = 0;
        while (!pending.isEmpty()) {
            List<CompletableFuture<?>> futures = new ArrayList<>(pending.size());
            Map<String, Integer> inflight = new HashMap<>();
            for (Outgoing o : pending) {
                futures.add(startSend(o));
                inflight.merge(o.topic(), 1, Integer::sum);
            }
            inflight.forEach(metrics::inflightChanged);
            List<Outgoing> failed = new ArrayList<>();
            Map<String, Integer> processed = new HashMap<>();
            Throwable lastError = null;
            boolean refused = false;
            for (int i = 0; i < pending.size(); i++) {
                Outgoing o = pending.get(i);
                Throwable error = await(futures.get(i));
                if (error == null) {
                    if (!o.deadLetter()) {
                        processed.merge(o.topic(), 1, Integer::sum);
                    }
                    continue;
                }
                if (!o.deadLetter() && isRejectedPayload(error)) {
                    // the broker refused this message's content (schema validation): invalid data, not an outage
                    Outgoing dl = rejectInvalid(o.topic(), o.payload(), o.attributes(), error.getMessage());
                    if (dl != null) {
                        failed.add(dl);
                    }
                    continue;
                }
                metrics.messageFailed(o.topic(), o.deadLetter() ? ErrorType.DEAD_LETTER : ErrorType.SEND_FAILURE);
                refused |= !isRetryable(error);
                lastError = error;
                failed.add(o);
            }
            inflight.forEach((t, n) -> metrics.inflightChanged(t, -n));
            processed.forEach(metrics::messagesProcessed);
            if (failed.isEmpty()) {
                return;
            }
            attempt++;
            if (refused && ++refusals > retry.maxRetries()) {
                throw new FatalException(failed.size() + " record(s) could not be sent after " + refusals
                        + " attempts; the broker refuses them: " + describe(lastError), lastError);
            }
            if (stop.isStopped() && stop.sinceStop().compareTo(shutdownDrain) >= 0) {
                throw new FatalException("stopping: gave up on " + failed.size() + " unsent record(s) after "
                        + shutdownDrain.toMillis() + " ms; their offsets were not committed. Last error: "
                        + describe(lastError), lastError);
            }
            Duration wait = retry.backoff(attempt);
            LOG.warn("{} of {} send(s) failed (attempt {}), retrying in {} ms: {}", failed.size(), pending.size(),
                    attempt, wait.toMillis(), describe(lastError));
            failed.forEach(o -> metrics.messageRetried(o.topic()));
            stop.backOff(wait, shutdownDrain, "sends");
            pending = failed;
        }
    }

    private static CompletableFuture<?> startSend(Outgoing o) {
        try {
            return o.send().get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Throwable await(CompletableFuture<?> f) {
        try {
            f.get(SEND_RESULT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (TimeoutException e) {
            return new DanubeClientException(Status.Code.DEADLINE_EXCEEDED,
                    "no broker answer within " + SEND_RESULT_TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private static boolean isRejectedPayload(Throwable error) {
        return error instanceof DanubeClientException dce && dce.code() == Status.Code.INVALID_ARGUMENT;
    }

    private static boolean isRetryable(Throwable error) {
        return !(error instanceof DanubeClientException dce) || dce.isRetryable();
    }

    private static String describe(Throwable t) {
        return t == null ? "unknown" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
