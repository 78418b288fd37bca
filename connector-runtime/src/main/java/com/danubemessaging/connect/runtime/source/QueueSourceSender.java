package com.danubemessaging.connect.runtime.source;

import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.api.SourceSender;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The streaming source's sender: a bounded queue, so {@link #send} blocks while the runtime is behind. After
 * {@link #close()} returns no further record can enter, so a final {@link #drain} sees every accepted record, and
 * the runtime can fail whatever it could not publish.
 */
final class QueueSourceSender implements SourceSender {
    private static final long OFFER_SLICE_MS = 50;

    private final BlockingQueue<PendingRecord> queue;
    private final ConnectorMetrics metrics;
    // senders hold the read lock while offering; close takes the write lock, so no offer is mid-way after close
    private final ReadWriteLock gate = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private volatile Thread publishingThread;

    QueueSourceSender(int capacity, ConnectorMetrics metrics) {
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
        this.metrics = metrics;
    }

    @Override
    public CompletionStage<Void> send(SourceRecord record) {
        Objects.requireNonNull(record, "record");
        if (Thread.currentThread() == publishingThread) {
            // the runtime thread empties the queue: blocking it on a full queue would wait forever
            throw new IllegalStateException("send() was called from a completion callback, on the runtime's own "
                    + "thread; hand the record to a thread of the connector instead");
        }
        PendingRecord pending = PendingRecord.of(record);
        while (true) {
            gate.readLock().lock();
            try {
                if (closed) {
                    throw new FatalException("the source runtime has stopped; record for " + record.topic()
                            + " was not accepted");
                }
                if (queue.offer(pending, OFFER_SLICE_MS, TimeUnit.MILLISECONDS)) {
                    return pending.countedIn(metrics).completion().minimalCompletionStage();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FatalException("interrupted while waiting for room in the source queue", e);
            } finally {
                gate.readLock().unlock();
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** The thread that takes and publishes the records; {@link #send} refuses to block it. */
    void publishingThread(Thread thread) {
        this.publishingThread = thread;
    }

    /** Stops accepting records; returns once no send is in progress. */
    void close() {
        gate.writeLock().lock();
        try {
            closed = true;
        } finally {
            gate.writeLock().unlock();
        }
    }

    /** Waits up to {@code wait} for a first record, then takes what is queued, up to {@code max} records. */
    List<PendingRecord> take(int max, Duration wait) throws InterruptedException {
        PendingRecord first = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
            return List.of();
        }
        List<PendingRecord> batch = new ArrayList<>(Math.min(max, queue.size() + 1));
        batch.add(first);
        queue.drainTo(batch, max - 1);
        return batch;
    }

    /** Takes up to {@code max} queued records without waiting. */
    List<PendingRecord> drain(int max) {
        List<PendingRecord> batch = new ArrayList<>();
        queue.drainTo(batch, max);
        return batch;
    }
}
