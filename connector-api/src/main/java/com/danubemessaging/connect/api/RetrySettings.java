package com.danubemessaging.connect.api;

import java.time.Duration;

/**
 * The {@code [retry]} table of {@code connector.toml}: how often and how patiently the runtime retries a
 * {@link RetryableException}. Defaults are those of danube-connect-core: 3 retries, 1000 ms first back-off,
 * 30000 ms cap.
 *
 * @param maxRetries     {@code max_retries}: retries after the first attempt, 0..100
 * @param retryBackoffMs {@code retry_backoff_ms}: back-off before the first retry; doubled per retry
 * @param maxBackoffMs   {@code max_backoff_ms}: upper bound of any back-off
 */
public record RetrySettings(int maxRetries, long retryBackoffMs, long maxBackoffMs) {

    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final long DEFAULT_RETRY_BACKOFF_MS = 1000;
    public static final long DEFAULT_MAX_BACKOFF_MS = 30_000;

    /** The settings used when {@code [retry]} is absent. */
    public static RetrySettings defaults() {
        return new RetrySettings(DEFAULT_MAX_RETRIES, DEFAULT_RETRY_BACKOFF_MS, DEFAULT_MAX_BACKOFF_MS);
    }

    public Duration retryBackoff() {
        return Duration.ofMillis(retryBackoffMs);
    }

    public Duration maxBackoff() {
        return Duration.ofMillis(maxBackoffMs);
    }

    public RetrySettings withMaxRetries(int value) {
        return new RetrySettings(value, retryBackoffMs, maxBackoffMs);
    }

    public RetrySettings withRetryBackoffMs(long value) {
        return new RetrySettings(maxRetries, value, maxBackoffMs);
    }

    public RetrySettings withMaxBackoffMs(long value) {
        return new RetrySettings(maxRetries, retryBackoffMs, value);
    }
}
