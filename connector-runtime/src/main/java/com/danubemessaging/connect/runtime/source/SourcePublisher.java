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
import com.danubemessaging.connect.runtime.logging.LogContext;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one batch of source records and returns only when every one of them is settled: sends are pipelined,
 * failed sends are retried with the {@code [retry]} back-off until they succeed, so nothing is lost and nothing
 * that succeeded is sent twice by the runtime. Each record is settled as soon as its fate is known: published (its
 * completion completes), or invalid — it cannot be encoded for its topic's schema type, or the broker refuses its
 * content — and then dead-lettered or skipped, its completion failing with the reason. The returned offsets (the
 * last per source partition, in record order) are therefore safe to commit.
 */
final class SourcePublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SourcePublisher.class);
    /** A send the client neither completes nor fails within this time is treated as failed and sent again. */
    private static final Duration SEND_RESULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration AWAIT_SLICE = Duration.ofMillis(100);

    private final ProducerRouter router;
    private final PayloadEncoder encoder = new PayloadEncoder();
    private final DeadLetterPublisher deadLetter;
    private final ConnectorMetrics metrics;
    private final RetryPolicy retry;
    private final StopSignal stop;
    private final ExecutorService sendThread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "source-sends");
        t.setDaemon(true);
        return t;
    });

    /** One message to (re)send for a record: to its topic, or to the dead-letter topic when it was rejected. */
    private static final class Outgoing {
        final PendingRecord pending;
        final String topic;
        final Supplier<CompletableFuture<?>> send;
        final byte[] payload;
        final Map<String, String> attributes;
        /** Set on a dead-letter send: the record's completion fails with it once the send succeeded. */
        final InvalidDataException rejection;
        boolean countedFailed;
        boolean countedRetried;

        Outgoing(PendingRecord pending, String topic, Supplier<CompletableFuture<?>> send, byte[] payload,
                 Map<String, String> attributes, InvalidDataException rejection) {
            this.pending = pending;
            this.topic = topic;
            this.send = send;
            this.payload = payload;
            this.attributes = attributes;
            this.rejection = rejection;
        }

        void succeeded() {
            if (pending == null) {
                return;
            }
            if (rejection == null) {
                pending.published();
            } else {
                pending.failed(rejection);
            }
        }
    }

    SourcePublisher(ProducerRouter router, DeadLetterPublisher deadLetterOrNull, ConnectorMetrics metrics,
                    RetryPolicy retry, StopSignal stop) {
        this.router = router;
        this.deadLetter = deadLetterOrNull;
        this.metrics = metrics;
        this.retry = retry;
        this.stop = stop;
    }

    /**
     * Sends the batch and waits for the broker, settling every record.
     *
     * @return the offsets to commit, at most one per source partition
     * @throws FatalException for a record topic that has no producer, for a send error the broker keeps refusing
     *                        (non-retryable) past {@code max_retries}, or when a stop's drain budget ran out; records
     *                        of the batch that were not settled by then are left for the caller to fail
     */
    List<Offset> publish(List<PendingRecord> batch) {
        long start = System.nanoTime();
        List<Outgoing> sends = new ArrayList<>(batch.size());
        Map<String, Offset> lastOffsets = new LinkedHashMap<>();
        Map<String, Integer> perTopic = new HashMap<>();
        for (PendingRecord pending : batch) {
            SourceRecord record = pending.record();
            String topic = record.topic();
            Producer producer = router.producerFor(topic);
            perTopic.merge(topic, 1, Integer::sum);
            record.offset().ifPresent(o -> lastOffsets.put(o.partition(), o));
            byte[] bytes;
            try {
                bytes = encoder.encode(record, router.schemaType(topic).orElse(null));
            } catch (InvalidDataException e) {
                addIfNotNull(sends, reject(pending, topic, e, ErrorType.SERIALIZATION, e.payload(),
                        record.attributes()));
                continue;
            }
            OutgoingMessage msg = OutgoingMessage.of(bytes).attributes(record.attributes());
            if (record.key().isPresent()) {
                msg = msg.key(record.key().get());
            }
            OutgoingMessage message = msg;
            sends.add(new Outgoing(pending, topic, () -> producer.sendAsync(message), bytes, record.attributes(),
                    null));
        }
        perTopic.forEach(metrics::recordBatchSize);
        sendUntilSettled(sends);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        perTopic.keySet().forEach(t -> metrics.recordProcessingDuration(t, took));
        return new ArrayList<>(lastOffsets.values());
    }

    /** Handles an invalid record the connector reported by throwing from poll(): counted, dead-lettered or skipped. */
    void publishInvalid(String topic, InvalidDataException e) {
        Outgoing dl = reject(null, topic, e, ErrorType.INVALID_DATA, e.payload(), Map.of());
        if (dl != null) {
            sendUntilSettled(List.of(dl));
        }
    }

    /**
     * Counts a record that will never reach its topic and returns its dead-letter send; without a dead-letter
     * topic its completion fails at once and null is returned.
     */
    private Outgoing reject(PendingRecord pending, String topic, InvalidDataException reason, ErrorType type,
                            byte[] payload, Map<String, String> attributes) {
        metrics.messageFailed(topic, type);
        String which = pending == null ? "record" : describe(pending.record());
        if (deadLetter == null) {
            try (var topicContext = LogContext.topic(topic)) {
                LOG.warn("Skipping invalid {} for {} (no dead_letter_topic configured): {}", which, topic,
                        reason.getMessage());
            }
            if (pending != null) {
                pending.failed(reason);
            }
            return null;
        }
        try (var topicContext = LogContext.topic(topic)) {
            LOG.warn("Sending invalid {} for {} to dead-letter topic {}: {}", which, topic, deadLetter.topic(),
                    reason.getMessage());
        }
        return new Outgoing(pending, topic,
                () -> deadLetter.publish(topic, payload, attributes, reason.getMessage(), null), payload, attributes,
                reason);
    }

    private void sendUntilSettled(List<Outgoing> sends) {
        List<Outgoing> pending = sends;
        int attempt = 0;
        int refusals = 0;
        while (!pending.isEmpty()) {
            List<CompletableFuture<?>> futures = startSends(pending);
            List<Outgoing> failed = new ArrayList<>();
            List<Outgoing> rerouted = new ArrayList<>();
            Map<String, Integer> processed = new HashMap<>();
            Throwable lastError = null;
            boolean refused = false;
            for (int i = 0; i < pending.size(); i++) {
                Outgoing o = pending.get(i);
                Throwable error = await(futures.get(i));
                if (error == null) {
                    o.succeeded();
                    if (o.rejection == null) {
                        processed.merge(o.topic, 1, Integer::sum);
                    }
                    continue;
                }
                if (o.rejection == null && isRefusedContent(error)) {
                    // the broker refused this message's content (schema enforce, size): invalid data, not an outage
                    InvalidDataException reason = new InvalidDataException("the broker refused the record: "
                            + error.getMessage(), o.payload, error);
                    addIfNotNull(rerouted, reject(o.pending, o.topic, reason, ErrorType.INVALID_DATA, o.payload,
                            o.attributes));
                    continue;
                }
                if (!o.countedFailed) {
                    o.countedFailed = true;
                    metrics.messageFailed(o.topic, ErrorType.RETRYABLE);
                }
                refused |= !isRetryable(error);
                lastError = error;
                failed.add(o);
            }
            processed.forEach(metrics::messagesProcessed);
            if (failed.isEmpty()) {
                pending = rerouted;
                continue;
            }
            attempt++;
            if (refused && ++refusals > retry.maxRetries()) {
                throw new FatalException(failed.size() + " record(s) could not be sent after " + refusals
                        + " attempts; the broker refuses them: " + describe(lastError), lastError);
            }
            if (stop.drainOver()) {
                throw new FatalException("stopping: gave up on " + failed.size() + " unsent record(s) "
                        + stop.drainBudget().toMillis() + " ms after the stop; their offsets were not committed. "
                        + "Last error: " + describe(lastError), lastError);
            }
            Duration wait = retry.backoff(attempt);
            LOG.warn("{} of {} send(s) failed (attempt {}), retrying in {} ms: {}", failed.size(), pending.size(),
                    attempt, wait.toMillis(), describe(lastError));
            for (Outgoing o : failed) {
                if (!o.countedRetried) {
                    o.countedRetried = true;
                    metrics.messageRetried(o.topic);
                }
            }
            stop.backOff(wait, "sends");
            failed.addAll(rerouted);
            pending = failed;
        }
    }

    private static void addIfNotNull(List<Outgoing> list, Outgoing o) {
        if (o != null) {
            list.add(o);
        }
    }

    /**
     * Starts the sends of a round, in order, on the send thread: the client's {@code sendAsync} blocks while a
     * partition's in-flight window is full ({@code max_in_flight}), and the runtime thread must stay free to notice
     * a stop while it waits for the broker.
     */
    private List<CompletableFuture<?>> startSends(List<Outgoing> round) {
        List<CompletableFuture<Object>> results = new ArrayList<>(round.size());
        round.forEach(o -> results.add(new CompletableFuture<>()));
        try {
            sendThread.execute(() -> {
                for (int i = 0; i < round.size(); i++) {
                    CompletableFuture<Object> result = results.get(i);
                    startSend(round.get(i)).whenComplete((ok, error) -> {
                        if (error == null) {
                            result.complete(ok);
                        } else {
                            result.completeExceptionally(error);
                        }
                    });
                }
            });
        } catch (RejectedExecutionException closed) {
            results.forEach(r -> r.completeExceptionally(new FatalException("the source runtime is closing")));
        }
        return new ArrayList<>(results);
    }

    private static CompletableFuture<?> startSend(Outgoing o) {
        try {
            return o.send.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Stops the send thread, interrupting a send that still waits for room in the client's window. */
    @Override
    public void close() {
        sendThread.shutdownNow();
    }

    /**
     * The send's error, or null. Waits at most the send timeout, and once a stop came (also during the wait) no
     * longer than the drain budget lasts.
     */
    private Throwable await(CompletableFuture<?> f) {
        long deadline = System.nanoTime() + SEND_RESULT_TIMEOUT.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (stop.isStopped()) {
                    left = Math.min(left, stop.drainLeft().toNanos());
                }
                if (left <= 0 && !f.isDone()) {
                    return new DanubeClientException(Status.Code.DEADLINE_EXCEEDED, stop.isStopped()
                            ? "no broker answer before the stop's drain budget ran out"
                            : "no broker answer within " + SEND_RESULT_TIMEOUT.toMillis() + " ms");
                }
                try {
                    // in slices, so that a stop during the wait is noticed
                    f.get(Math.max(0, Math.min(left, AWAIT_SLICE.toNanos())), TimeUnit.NANOSECONDS);
                    return null;
                } catch (TimeoutException slice) {
                    // look at the stop and the deadline again
                }
            }
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FatalException("interrupted while waiting for the broker", e);
        }
    }

    /**
     * The broker refused this message for its content, so sending it again cannot help: too large
     * ({@code INVALID_ARGUMENT}), or rejected by the topic's schema validation ({@code PERMISSION_DENIED} "Unable
     * to publish the message: …", danube-broker {@code producer_handler.rs}), except when that text says the topic
     * is draining or the producer is gone, which a new lookup fixes.
     */
    static boolean isRefusedContent(Throwable error) {
        if (!(error instanceof DanubeClientException dce)) {
            return false;
        }
        if (dce.code() == Status.Code.INVALID_ARGUMENT) {
            return true;
        }
        String text = String.valueOf(dce.getMessage()).toLowerCase(Locale.ROOT);
        return dce.code() == Status.Code.PERMISSION_DENIED && text.contains("unable to publish the message")
                && !text.contains("draining") && !text.contains("not attached");
    }

    private static boolean isRetryable(Throwable error) {
        return !(error instanceof DanubeClientException dce) || dce.isRetryable();
    }

    private static String describe(SourceRecord record) {
        StringBuilder s = new StringBuilder("record");
        record.offset().ifPresent(o -> s.append(" at offset ").append(o.partition()).append(':').append(o.value()));
        record.key().ifPresent(k -> s.append(" with key '").append(k).append('\''));
        return s.toString();
    }

    private static String describe(Throwable t) {
        return t == null ? "unknown" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
