package com.danubemessaging.connect.runtime.lifecycle;

import com.danubemessaging.connect.api.FatalException;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the connector's health check every {@code health_check_interval_ms} from the runtime loop (so the
 * connector is only ever called from one thread), reports each result, and turns
 * {@code health_check_failure_threshold} consecutive failures into a {@link FatalException}.
 */
public final class HealthMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

    private final Runnable check;
    private final long intervalNanos;
    private final int failureThreshold;
    private final Consumer<Boolean> reporter;
    private long lastCheckNanos;
    private int consecutiveFailures;

    /**
     * @param check            the connector's health check; throwing means unhealthy
     * @param interval         time between checks
     * @param failureThreshold consecutive failures that are fatal (at least 1)
     * @param reporter         receives each result (true = healthy)
     */
    public HealthMonitor(Runnable check, Duration interval, int failureThreshold, Consumer<Boolean> reporter) {
        this.check = check;
        this.intervalNanos = Math.max(1, interval.toNanos());
        this.failureThreshold = Math.max(1, failureThreshold);
        this.reporter = reporter;
        this.lastCheckNanos = System.nanoTime();
    }

    /**
     * Runs the check when the interval has passed.
     *
     * @throws FatalException when the failure threshold is reached
     */
    public void checkIfDue() {
        long now = System.nanoTime();
        if (now - lastCheckNanos < intervalNanos) {
            return;
        }
        lastCheckNanos = now;
        try {
            check.run();
            if (consecutiveFailures > 0) {
                LOG.info("Connector health check passes again after {} failure(s)", consecutiveFailures);
            }
            consecutiveFailures = 0;
            reporter.accept(true);
        } catch (RuntimeException e) {
            consecutiveFailures++;
            reporter.accept(false);
            LOG.warn("Connector health check failed ({} of {} in a row): {}", consecutiveFailures, failureThreshold,
                    e.getMessage());
            if (consecutiveFailures >= failureThreshold) {
                throw new FatalException("Connector health check failed " + consecutiveFailures
                        + " consecutive times; last error: " + e.getMessage(), e);
            }
        }
    }

    /** Time until the next check is due (zero when due). */
    public Duration untilDue() {
        long left = intervalNanos - (System.nanoTime() - lastCheckNanos);
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }
}
