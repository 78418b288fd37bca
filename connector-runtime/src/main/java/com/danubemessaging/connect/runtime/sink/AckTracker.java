package com.danubemessaging.connect.runtime.sink;

import com.danubemessaging.connect.runtime.logging.LogContext;
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
 * Sends acks without waiting for each answer, records their outcome in the metrics, and lets the runtime wait for
 * the outstanding ones before it closes the consumers. The runtime never nacks (see {@link BatchProcessor}).
 */
final class AckTracker {
    private static final Logger LOG = LoggerFactory.getLogger(AckTracker.class);

    private final ConnectorMetrics metrics;
    private final Set<CompletableFuture<?>> outstanding = ConcurrentHashMap.newKeySet();

    AckTracker(ConnectorMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Acks a handled message; it counts as processed once the broker confirms. A failed ack is counted as
     * retryable: the broker redelivers the message after its ack timeout.
     */
    void ack(Delivery d) {
        CompletableFuture<Void> f = start(() -> d.consumer().ack(d.message()));
        outstanding.add(f);
        f.whenComplete((ok, error) -> {
            outstanding.remove(f);
            metrics.inflightChanged(d.topic(), -1);
            if (error == null) {
                metrics.messagesProcessed(d.topic(), 1);
                return;
            }
            metrics.messageFailed(d.topic(), ErrorType.RETRYABLE);
            try (var topicContext = LogContext.topic(d.topic())) {
                LOG.warn("Ack of message {}@{} failed (the broker will redeliver it): {}",
                        d.message().partitionTopic(), d.message().messageId().topicOffset(), error.toString());
            }
        });
    }

    private static CompletableFuture<Void> start(java.util.function.Supplier<CompletableFuture<Void>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Waits up to {@code timeout} for every ack sent so far. */
    void awaitOutstanding(Duration timeout) {
        CompletableFuture<?>[] all = outstanding.toArray(new CompletableFuture<?>[0]);
        try {
            CompletableFuture.allOf(all).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("{} ack(s) still unanswered at close: {}", outstanding.size(), e.toString());
        }
    }
}
