package com.danubemessaging.connect.runtime.sink;

import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import com.danubemessaging.connect.runtime.metrics.ErrorType;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends acks and nacks without waiting for each answer, records their outcome in the metrics, and lets the
 * runtime wait for the outstanding ones before it closes the consumers.
 */
final class AckTracker {
    private static final Logger LOG = LoggerFactory.getLogger(AckTracker.class);

    private final ConnectorMetrics metrics;
    private final Set<CompletableFuture<?>> outstanding = ConcurrentHashMap.newKeySet();

    AckTracker(ConnectorMetrics metrics) {
        this.metrics = metrics;
    }

    /** Acks a processed message; it counts as processed once the broker confirms. */
    void ack(Delivery d) {
        track(d, start(() -> d.consumer().ack(d.message())), true);
    }

    /** Nacks a message so the broker redelivers it after {@code delay}. */
    void nack(Delivery d, Duration delay, String reason) {
        track(d, start(() -> d.consumer().nack(d.message(), delay, reason)), false);
    }

    private void track(Delivery d, CompletableFuture<Void> f, boolean ack) {
        outstanding.add(f);
        f.whenComplete((ok, error) -> {
            outstanding.remove(f);
            metrics.inflightChanged(d.topic(), -1);
            if (error == null) {
                if (ack) {
                    metrics.messagesProcessed(d.topic(), 1);
                }
                return;
            }
            metrics.messageFailed(d.topic(), ack ? ErrorType.ACK_FAILURE : ErrorType.NACK_FAILURE);
            LOG.warn("{} of message {} on {} failed (the broker will redeliver it): {}", ack ? "Ack" : "Nack",
                    d.message().messageId().topicOffset(), d.message().partitionTopic(), error.toString());
        });
    }

    private static CompletableFuture<Void> start(java.util.function.Supplier<CompletableFuture<Void>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits up to {@code timeout} for every ack/nack sent so far. */
    void awaitOutstanding(Duration timeout) {
        CompletableFuture<?>[] all = outstanding.toArray(new CompletableFuture<?>[0]);
        try {
            CompletableFuture.allOf(all).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("{} ack/nack(s) still unanswered at close: {}", outstanding.size(), e.toString());
        }
    }
}
