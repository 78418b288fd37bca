package com.danubemessaging.connect.connectors.webhook;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The request limits: a route's own {@code [routes.rate_limit]} when it has one, else the platform-wide
 * {@code [rate_limit]} (one bucket shared by all routes without their own); and with {@code per_ip_enabled}, one
 * more bucket per client IP ({@code per_ip_requests_per_second}, holding one second's worth).
 */
final class RateLimiter {
    /** Per-IP buckets idle this long are dropped, so the map stays as small as the set of active clients. */
    private static final long IP_IDLE_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final int SWEEP_EVERY = 4096;

    private final LongSupplier clock;
    private final Map<String, Limit> byRoute = new HashMap<>();
    private int requestsSinceSweep;

    /** The buckets of one rate_limit table. */
    private static final class Limit {
        final WebhookSettings.RateLimit settings;
        final TokenBucket shared;
        final Map<String, TokenBucket> perIp = new ConcurrentHashMap<>();

        Limit(WebhookSettings.RateLimit settings, long now) {
            this.settings = settings;
            this.shared = new TokenBucket(settings.requestsPerSecond(), settings.burstSize(), now);
        }
    }

    RateLimiter(WebhookSettings settings, LongSupplier nanoClock) {
        this.clock = nanoClock;
        long now = nanoClock.getAsLong();
        Limit platform = settings.rateLimit() == null ? null : new Limit(settings.rateLimit(), now);
        for (WebhookSettings.Route route : settings.routes()) {
            Limit limit = route.rateLimit() != null ? new Limit(route.rateLimit(), now) : platform;
            if (limit != null) {
                byRoute.put(route.from(), limit);
            }
        }
    }

    /**
     * Takes a token for one request on {@code path} from {@code clientIp}.
     *
     * @return 0 when allowed, else how many nanoseconds until the request would be allowed
     */
    long acquire(String path, String clientIp) {
        Limit limit = byRoute.get(path);
        if (limit == null) {
            return 0;
        }
        long now = clock.getAsLong();
        if (limit.settings.perIpEnabled() && clientIp != null) {
            sweepSometimes(limit, now);
            TokenBucket ip = limit.perIp.computeIfAbsent(clientIp, k -> new TokenBucket(
                    limit.settings.perIpRequestsPerSecond(), Math.max(1, limit.settings.perIpRequestsPerSecond()),
                    now));
            long wait = ip.take(now);
            if (wait > 0) {
                return wait;
            }
        }
        return limit.shared.take(now);
    }

    private void sweepSometimes(Limit limit, long now) {
        boolean sweep;
        synchronized (this) {
            sweep = ++requestsSinceSweep >= SWEEP_EVERY;
            if (sweep) {
                requestsSinceSweep = 0;
            }
        }
        if (sweep) {
            for (Iterator<TokenBucket> it = limit.perIp.values().iterator(); it.hasNext(); ) {
                if (it.next().idle(now, IP_IDLE_NANOS)) {
                    it.remove();
                }
            }
        }
    }
}
