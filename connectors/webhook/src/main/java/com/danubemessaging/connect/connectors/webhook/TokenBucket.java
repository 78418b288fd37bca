package com.danubemessaging.connect.connectors.webhook;

/**
 * A token bucket: holds at most {@code capacity} tokens, refilled at {@code ratePerSecond}; each request takes one.
 * Same shape as upstream's governor quota ({@code per_second(rps).allow_burst(burst)}).
 */
final class TokenBucket {
    private final double capacity;
    private final double ratePerNano;
    private double tokens;
    private long lastRefill;
    private long lastUsed;

    TokenBucket(double ratePerSecond, double capacity, long nowNanos) {
        this.capacity = capacity;
        this.ratePerNano = ratePerSecond / 1e9;
        this.tokens = capacity;
        this.lastRefill = nowNanos;
        this.lastUsed = nowNanos;
    }

    /** Takes a token: 0 when granted, else the nanoseconds until one will be there. */
    synchronized long take(long nowNanos) {
        refill(nowNanos);
        lastUsed = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / ratePerNano);
    }

    /** True when the bucket is full again and unused since {@code idleNanos}: it can be forgotten. */
    synchronized boolean idle(long nowNanos, long idleNanos) {
        refill(nowNanos);
        return tokens >= capacity && nowNanos - lastUsed >= idleNanos;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * ratePerNano);
            lastRefill = nowNanos;
        }
    }
}
