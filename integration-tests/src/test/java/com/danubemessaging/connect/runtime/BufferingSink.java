package com.danubemessaging.connect.runtime;

import com.danubemessaging.connect.api.Batcher;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SinkRecord;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The buffering pattern of the seed and of danube-connect-core 0.4 sinks: {@code process()} only adds the record to a
 * {@link Batcher} and writes when the batcher is full ({@code write_batch}); {@code flush()} writes whatever the
 * batcher still holds. Writes of {@code {"seq": n}} records go to an in-memory "table" that tests compare with what
 * the broker saw acked.
 */
class BufferingSink extends SharedSubscriptionSink {
    record Row(int seq) {
    }

    private final Batcher<Integer> batcher;
    /** Every seq written, in write order (duplicates included). */
    final List<Integer> writes = new CopyOnWriteArrayList<>();
    final Set<Integer> written = ConcurrentHashMap.newKeySet();
    final AtomicInteger writeFailuresLeft = new AtomicInteger();
    final AtomicInteger flushes = new AtomicInteger();
    volatile boolean shutdownCalled;

    BufferingSink(String topic, String subscription, int writeBatchSize) {
        super(topic, "buffering", subscription);
        this.batcher = new Batcher<>(writeBatchSize, Duration.ofHours(1));
    }

    @Override
    public void process(SinkRecord record) {
        batcher.add(record.as(Row.class).seq());
        if (batcher.shouldFlush()) {
            writeBatch(batcher.flush());
        }
    }

    @Override
    public void flush() {
        flushes.incrementAndGet();
        if (!batcher.isEmpty()) {
            writeBatch(batcher.flush());
        }
    }

    /** The seed's {@code write_batch}: all or nothing. */
    private void writeBatch(List<Integer> seqs) {
        if (writeFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new RetryableException("table locked; " + seqs.size() + " rows not written");
        }
        writes.addAll(seqs);
        written.addAll(seqs);
    }

    @Override
    public void shutdown() {
        shutdownCalled = true;
    }
}
