package com.danubemessaging.connect.runtime.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A one-shot stop flag that the runtime loops can also wait on, so back-offs and idle waits end at once on stop. */
public final class StopSignal {
    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile long stoppedAtNanos;

    /** Requests the stop; idempotent. */
    public void stop() {
        if (latch.getCount() > 0) {
            stoppedAtNanos = System.nanoTime();
            latch.countDown();
        }
    }

    public boolean isStopped() {
        return latch.getCount() == 0;
    }

    /**
     * Waits up to {@code timeout} or until stopped.
     *
     * @return true if the stop was requested
     */
    public boolean await(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            return isStopped();
        }
        try {
            return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return isStopped();
        }
    }

    /** How long ago the stop was requested (zero when not stopped). */
    public Duration sinceStop() {
        return isStopped() ? Duration.ofNanos(System.nanoTime() - stoppedAtNanos) : Duration.ZERO;
    }
}
