package com.danubemessaging.connect.runtime.retry;

import com.danubemessaging.connect.api.RetrySettings;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The {@code [retry]} back-off of danube-connect-core: attempt n (from 1) waits
 * {@code min(retry_backoff_ms * 2^(n-1), max_backoff_ms)} times a jitter in [0.5, 1.5), capped at the maximum again.
 */
public final class RetryPolicy {
    private final RetrySettings settings;
    private final DoubleSupplier unitRandom;

    public RetryPolicy(RetrySettings settings) {
        this(settings, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** For tests: {@code unitRandom} returns values in [0, 1). */
    public RetryPolicy(RetrySettings settings, DoubleSupplier unitRandom) {
        this.settings = settings;
        this.unitRandom = unitRandom;
    }

    /** The wait before retry number {@code attempt} (1 = first retry). */
    public Duration backoff(int attempt) {
        long base = Math.max(0, settings.retryBackoffMs());
        long max = Math.max(0, settings.maxBackoffMs());
        int shift = Math.min(Math.max(attempt, 1) - 1, 40);
        double raw = Math.min((double) base * (1L << shift), (double) max);
        double jittered = raw * (0.5 + unitRandom.getAsDouble());
        return Duration.ofMillis((long) Math.min(jittered, max));
    }

    /** True while another retry is allowed after {@code retriesDone} retries. */
    public boolean canRetry(int retriesDone) {
        return retriesDone < settings.maxRetries();
    }

    public int maxRetries() {
        return settings.maxRetries();
    }
}
