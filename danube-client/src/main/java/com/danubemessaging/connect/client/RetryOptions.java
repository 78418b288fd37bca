package com.danubemessaging.connect.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Retry settings for calls to the broker: how many times a retryable failure is retried and the linear backoff
 * ({@code base * (attempt + 1)}, capped at {@code maxBackoff}, with 50-100 % jitter) between attempts.
 *
 * @param maxRetries  retries after the first attempt before the client gives up or re-looks-up the topic
 * @param baseBackoff backoff unit
 * @param maxBackoff  upper bound of one backoff
 */
public record RetryOptions(int maxRetries, Duration baseBackoff, Duration maxBackoff) {

    /** Danube's defaults: 5 retries, 200 ms base, 5 s cap. */
    public static RetryOptions defaults() {
        return new RetryOptions(5, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    public RetryOptions {
        Objects.requireNonNull(baseBackoff, "baseBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        if (baseBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff durations must not be negative");
        }
    }

    public RetryOptions withMaxRetries(int retries) {
        return new RetryOptions(retries, baseBackoff, maxBackoff);
    }
}
