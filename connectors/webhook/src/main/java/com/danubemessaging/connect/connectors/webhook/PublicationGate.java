package com.danubemessaging.connect.connectors.webhook;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the requests waiting for Danube, so the runtime's queue ({@code [processing] batch_size}) never fills and
 * a request is answered 503 at once instead of holding a connection while Danube is away; and tells readiness
 * whether publications are getting through.
 */
final class PublicationGate {
    private final Semaphore permits;
    private final int capacity;
    private final long stallNanos;
    private final AtomicLong lastSuccess = new AtomicLong(System.nanoTime());

    PublicationGate(int capacity, long stallSeconds) {
        this.capacity = capacity;
        this.permits = new Semaphore(capacity);
        this.stallNanos = TimeUnit.SECONDS.toNanos(stallSeconds);
    }

    /** A place for one more publication, or false when {@code capacity} are already waiting. */
    boolean tryEnter() {
        return permits.tryAcquire();
    }

    /** The publication that {@link #tryEnter} admitted is over; {@code published} tells whether it succeeded. */
    void leave(boolean published) {
        if (published) {
            lastSuccess.set(System.nanoTime());
        }
        permits.release();
    }

    int waiting() {
        return capacity - permits.availablePermits();
    }

    /** Why publications are not getting through, or null: full, or waiting with no success for a while. */
    String stallReason() {
        int waiting = waiting();
        if (waiting >= capacity) {
            return waiting + " requests are waiting for Danube (the most this connector holds)";
        }
        long sinceSuccess = System.nanoTime() - lastSuccess.get();
        if (waiting > 0 && sinceSuccess > stallNanos) {
            return waiting + " request(s) waiting for Danube, none published for "
                    + TimeUnit.NANOSECONDS.toSeconds(sinceSuccess) + " s";
        }
        return null;
    }
}
