package com.danubemessaging.connect.runtime.lifecycle;

import com.danubemessaging.connect.api.FatalException;
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

    /**
     * Sleeps a retry back-off of {@code wait}. It is not cut short by the stop (unsent or unacked work is still being
     * retried), but once stopped it lasts no longer than what is left of {@code drain} after the stop.
     *
     * @param activity what is being retried, for the error message
     * @throws FatalException when the thread is interrupted
     */
    public void backOff(Duration wait, Duration drain, String activity) {
        Duration bounded = wait;
        if (isStopped()) {
            Duration left = drain.minus(sinceStop());
            bounded = left.isNegative() ? Duration.ZERO : (wait.compareTo(left) > 0 ? left : wait);
        }
        try {
            Thread.sleep(Math.max(1, bounded.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FatalException("interrupted while retrying " + activity, e);
        }
    }
}
