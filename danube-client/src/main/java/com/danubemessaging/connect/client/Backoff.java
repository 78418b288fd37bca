package com.danubemessaging.connect.client;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/** Linear backoff {@code base * (attempt + 1)}, capped at the maximum, scaled by a jitter of 50-100 %. */
final class Backoff {

    private final RetryOptions options;
    private final DoubleSupplier unitRandom;

    Backoff(RetryOptions options) {
        this(options, () -> ThreadLocalRandom.current().nextDouble());
    }

    Backoff(RetryOptions options, DoubleSupplier unitRandom) {
        this.options = options;
        this.unitRandom = unitRandom;
    }

    /** The un-jittered delay before retry number {@code attempt} (0-based). */
    long ceilingMillis(int attempt) {
        long base = options.baseBackoff().toMillis();
        long max = options.maxBackoff().toMillis();
        long linear = base * (Math.max(0, Math.min(attempt, 1_000_000)) + 1L);
        return Math.min(linear, max);
    }

    /** The jittered delay: between 50 % and 100 % of {@link #ceilingMillis(int)}. */
    long delayMillis(int attempt) {
        double jitter = 0.5 + 0.5 * Math.min(1.0, Math.max(0.0, unitRandom.getAsDouble()));
        return (long) (ceilingMillis(attempt) * jitter);
    }

    RetryOptions options() {
        return options;
    }
}
