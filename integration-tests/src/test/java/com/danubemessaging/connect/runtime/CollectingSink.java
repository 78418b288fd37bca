package com.danubemessaging.connect.runtime;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.api.SubscriptionType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test sink that writes {@code seq} values into a set, all or nothing per batch, with injected failures:
 * retryable failures for the first batches, invalid data for chosen seqs, a fatal error at a chosen seq.
 */
class CollectingSink implements SinkConnector {
    record Row(int seq) {
    }

    final String topic;
    final String subscription;
    final Map<Integer, Integer> deliveries = new ConcurrentHashMap<>();
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final AtomicInteger retryableFailuresLeft = new AtomicInteger();
    final Set<Integer> invalidSeqs = ConcurrentHashMap.newKeySet();
    volatile Integer fatalAtSeq;
    volatile boolean unhealthy;
    /** While true, every batch fails with a RetryableException, as when the target system is down. */
    volatile boolean down;
    /** The seqs of the batches handed over while {@link #down}. */
    final Set<Integer> handedOverWhileDown = ConcurrentHashMap.newKeySet();
    volatile boolean shutdownCalled;
    volatile String expectedSubject;

    CollectingSink(String topic, String subscription) {
        this.topic = topic;
        this.subscription = subscription;
    }

    @Override
    public void initialize(ConnectorConfig config) {
    }

    @Override
    public List<ConsumerConfig> consumerConfigs() {
        ConsumerConfig config = ConsumerConfig.of(topic, "collector", subscription, SubscriptionType.SHARED);
        return List.of(expectedSubject == null ? config : config.withExpectedSchemaSubject(expectedSubject));
    }

    @Override
    public void processBatch(List<SinkRecord> records) {
        if (down) {
            records.forEach(r -> handedOverWhileDown.add(r.as(Row.class).seq()));
            throw new RetryableException("target database unreachable");
        }
        if (retryableFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new RetryableException("target database busy");
        }
        List<Integer> seqs = records.stream().map(r -> r.as(Row.class).seq()).toList();
        for (SinkRecord r : records) {
            int seq = r.as(Row.class).seq();
            if (invalidSeqs.contains(seq)) {
                throw new InvalidDataException("seq " + seq + " violates a constraint", r.payload());
            }
            if (fatalAtSeq != null && seq == fatalAtSeq) {
                throw new FatalException("target table was dropped");
            }
        }
        batchSizes.add(records.size());
        seqs.forEach(s -> deliveries.merge(s, 1, Integer::sum));
    }

    @Override
    public void healthCheck() {
        if (unhealthy) {
            throw new IllegalStateException("target unreachable");
        }
    }

    @Override
    public void shutdown() {
        shutdownCalled = true;
    }

    int distinct() {
        return deliveries.size();
    }

    long duplicates() {
        return deliveries.values().stream().mapToLong(n -> n - 1).sum();
    }
}
