package com.danubemessaging.connect.connectors.postgrescdc;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands Debezium's change events to the runtime and holds Debezium's batch until Danube acknowledged it.
 *
 * <p>The engine thread {@link #offer offers} a batch and blocks; every event gets the next sequence number. The
 * runtime {@link #take takes} events (the record offset is the sequence number), publishes them and reports the
 * highest acknowledged one with {@link #acknowledged}. Events the connector does not publish (heartbeats) are
 * {@link #skip skipped}: they count as acknowledged once everything before them is. {@link #offer} returns the events
 * of its batch that are acknowledged, in order, so the engine marks exactly those processed; it returns when the
 * whole batch is, or early with the acknowledged prefix when the gate is {@link #close closed}.
 *
 * @param <E> the event type
 */
final class AckGate<E> {

    /** One event with its sequence number. */
    record Entry<E>(long seq, E event) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Entry<E>> ready = new ArrayDeque<>();
    private final TreeSet<Long> skipped = new TreeSet<>();
    private long lastSeq;
    private long acknowledged;
    private boolean closed;

    /**
     * Engine side: queues {@code batch} for {@link #take} and waits until all of it is acknowledged or the gate closes.
     *
     * @return the acknowledged events of the batch, a prefix in batch order
     */
    List<E> offer(List<E> batch) throws InterruptedException {
        lock.lock();
        try {
            if (closed) {
                return List.of();
            }
            long first = lastSeq + 1;
            for (E event : batch) {
                ready.addLast(new Entry<>(++lastSeq, event));
            }
            long last = lastSeq;
            changed.signalAll();
            while (acknowledged < last && !closed) {
                changed.await();
            }
            int done = (int) Math.max(0, Math.min(acknowledged, last) - first + 1);
            return List.copyOf(batch.subList(0, done));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runtime side: up to {@code max} events, waiting at most {@code wait} for the first one.
     *
     * @return the events in order; empty when none arrived in time or the gate is closed
     */
    List<Entry<E>> take(int max, Duration wait) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            while (ready.isEmpty() && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return List.of();
                }
                changed.awaitNanos(left);
            }
            List<Entry<E>> taken = new ArrayList<>(Math.min(max, ready.size()));
            while (!ready.isEmpty() && taken.size() < max) {
                taken.add(ready.pollFirst());
            }
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Runtime side: everything up to and including {@code seq} is in Danube. */
    void acknowledged(long seq) {
        lock.lock();
        try {
            if (seq > acknowledged) {
                acknowledged = seq;
                absorbSkipped();
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runtime side: the event {@code seq} was taken but is not published; it is done once its predecessors are. */
    void skip(long seq) {
        lock.lock();
        try {
            if (seq > acknowledged) {
                skipped.add(seq);
                absorbSkipped();
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Puts taken but unpublished events back at the front, in order (their sequence numbers stay). */
    void putBack(List<Entry<E>> entries) {
        lock.lock();
        try {
            for (int i = entries.size() - 1; i >= 0; i--) {
                ready.addFirst(entries.get(i));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Releases a waiting {@link #offer} with what is acknowledged so far; later offers return at once. */
    void close() {
        lock.lock();
        try {
            closed = true;
            ready.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The highest sequence number everything up to which is acknowledged; for tests and logs. */
    long acknowledgedSeq() {
        lock.lock();
        try {
            return acknowledged;
        } finally {
            lock.unlock();
        }
    }

    private void absorbSkipped() {
        while (!skipped.isEmpty() && skipped.first() <= acknowledged + 1) {
            acknowledged = Math.max(acknowledged, skipped.pollFirst());
        }
    }
}
