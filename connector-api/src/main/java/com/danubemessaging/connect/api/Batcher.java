package com.danubemessaging.connect.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects items until there are {@code maxSize} of them or {@code timeout} has passed since the last
 * flush, for connectors that write in batches. Not thread-safe.
 *
 * @param <T> the item type
 */
public final class Batcher<T> {
    private final int maxSize;
    private final long timeoutNanos;
    private final List<T> items = new ArrayList<>();
    private long lastFlushNanos = System.nanoTime();

    /**
     * @param maxSize the batch size that triggers a flush, at least 1
     * @param timeout the age that triggers a flush
     */
    public Batcher(int maxSize, Duration timeout) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be >= 1, got " + maxSize);
        }
        this.maxSize = maxSize;
        this.timeoutNanos = timeout.toNanos();
    }

    /** Adds one item. */
    public void add(T item) {
        items.add(item);
    }

    /** True when the batch is full, or non-empty and older than the timeout. */
    public boolean shouldFlush() {
        return items.size() >= maxSize || (!items.isEmpty() && remaining().isZero());
    }

    /** Time left until the timeout flush is due (zero when due). */
    public Duration remaining() {
        long left = timeoutNanos - (System.nanoTime() - lastFlushNanos);
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public int size() {
        return items.size();
    }

    /** A read-only view of the items collected so far. */
    public List<T> items() {
        return Collections.unmodifiableList(items);
    }

    /** Returns the collected items, empties the batch and restarts the timeout. */
    public List<T> flush() {
        List<T> out = new ArrayList<>(items);
        items.clear();
        lastFlushNanos = System.nanoTime();
        return out;
    }
}
