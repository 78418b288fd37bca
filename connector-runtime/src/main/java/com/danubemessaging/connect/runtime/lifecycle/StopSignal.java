package com.danubemessaging.connect.runtime.lifecycle;

import com.danubemessaging.connect.api.FatalException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot stop flag that the runtime loops can wait on, plus the drain budget of the stop: how long after the
 * stop the runtime may still finish work it holds (publish accepted records, write a batch) before it must give up
 * and close. Idle waits and retry back-offs end at once when the stop comes, so a stop never waits out a back-off.
 */
public final class StopSignal {
    private final CountDownLatch latch = new CountDownLatch(1);
    private final Duration drainBudget;
    private volatile long stoppedAtNanos;

    /** A signal whose stop leaves {@code drainBudget} for pending work. */
    public StopSignal(Duration drainBudget) {
        this.drainBudget = drainBudget.isNegative() ? Duration.ZERO : drainBudget;
    }

    /** Requests the stop; idempotent. */
    public void stop() {
        synchronized (latch) {
            if (latch.getCount() > 0) {
                stoppedAtNanos = System.nanoTime();
                latch.countDown();
            }
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

    /** The time pending work may still take after the stop. */
    public Duration drainBudget() {
        return drainBudget;
    }

    /** What is left of the drain budget: the whole budget before a stop, zero once it is spent. */
    public Duration drainLeft() {
        Duration left = drainBudget.minus(sinceStop());
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** True once stopped and the drain budget is spent: pending work must be given up now. */
    public boolean drainOver() {
        return isStopped() && drainLeft().isZero();
    }

    /**
     * Sleeps a retry back-off of {@code wait}. A back-off that is running when the stop comes ends at once (the
     * caller retries or gives up right away); one that starts after the stop lasts at most what is left of the
     * drain budget.
     *
     * @param activity what is being retried, for the error message
     * @throws FatalException when the thread is interrupted
     */
    public void backOff(Duration wait, String activity) {
        if (!isStopped()) {
            await(wait);
        } else {
            Duration left = drainLeft();
            sleep(wait.compareTo(left) > 0 ? left : wait, activity);
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new FatalException("interrupted while retrying " + activity);
        }
    }

    private static void sleep(Duration d, String activity) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(d.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FatalException("interrupted while retrying " + activity, e);
        }
    }
}
