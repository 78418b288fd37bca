package com.danubemessaging.connect.connectors.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one {@link OutgoingRequest} and retries it on what may pass: 5xx, 408, 425, 429 and connection errors or
 * timeouts, waiting {@code retry_backoff_ms * 2^(n-1)} (with jitter, capped at {@code max_backoff_ms}) or what a
 * {@code Retry-After} header asks for (also capped). Safe to use from several threads.
 */
final class EndpointClient {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointClient.class);
    private static final int DETAIL_LIMIT = 300;

    /** Waits between retries; replaced in tests. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final HttpClient client;
    private final HttpSinkSettings settings;
    private final Sleeper sleeper;

    EndpointClient(HttpClient client, HttpSinkSettings settings, Sleeper sleeper) {
        this.client = client;
        this.settings = settings;
        this.sleeper = sleeper;
    }

    /**
     * Sends {@code request} until it is accepted, rejected, or the retries are used up.
     *
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    Outcome send(OutgoingRequest request) throws InterruptedException {
        HttpRequest http = build(request);
        int retries = 0;
        while (true) {
            Optional<Duration> serverWait = Optional.empty();
            String failure;
            try {
                HttpResponse<byte[]> response = client.send(http, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new Outcome.Accepted(status);
                }
                String detail = "HTTP " + status + " from " + request + detail(response.body());
                if (status == 401 || status == 403 || status == 407) {
                    return new Outcome.Unauthorized(status, detail);
                }
                if (!retryable(status)) {
                    return new Outcome.Rejected(status, detail);
                }
                serverWait = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null),
                        Instant.now());
                failure = detail;
            } catch (IOException e) {
                // connection refused or reset, TLS failure, request timeout (HttpTimeoutException)
                failure = e.getClass().getSimpleName() + " on " + request
                        + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (retries >= settings.maxRetries()) {
                return new Outcome.Failed(failure + (retries > 0 ? " (after " + retries + " retries)" : ""));
            }
            retries++;
            Duration wait = serverWait.isPresent() ? capped(serverWait.get()) : backoff(retries);
            LOG.warn("sink-http: {}; retry {} of {} in {} ms", failure, retries, settings.maxRetries(),
                    wait.toMillis());
            sleeper.sleep(wait);
        }
    }

    /** 5xx, 408 Request Timeout, 425 Too Early and 429 Too Many Requests may pass when sent again. */
    static boolean retryable(int status) {
        return status >= 500 || status == 408 || status == 425 || status == 429;
    }

    private HttpRequest build(OutgoingRequest request) {
        HttpRoute route = request.route();
        HttpRequest.Builder builder = HttpRequest.newBuilder(route.to())
                .timeout(settings.timeout())
                .method(route.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            if (route.headers().keySet().stream().noneMatch(name -> name.equalsIgnoreCase(h.getKey()))) {
                builder.header(h.getKey(), h.getValue());
            }
        }
        route.headers().forEach(builder::header);
        return builder.build();
    }

    /** {@code retry_backoff_ms * 2^(attempt-1)} times a jitter in [0.5, 1.5), capped at {@code max_backoff_ms}. */
    Duration backoff(int attempt) {
        long base = settings.retryBackoff().toMillis();
        long exponential = base << Math.min(attempt - 1, 30);
        if (exponential <= 0) {
            exponential = Long.MAX_VALUE;
        }
        double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
        long millis = (long) Math.min((double) settings.maxBackoff().toMillis(), exponential * jitter);
        return Duration.ofMillis(Math.max(1, millis));
    }

    private Duration capped(Duration serverWait) {
        return serverWait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : serverWait;
    }

    private static String detail(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, DETAIL_LIMIT * 4), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").trim();
        if (text.length() > DETAIL_LIMIT) {
            text = text.substring(0, DETAIL_LIMIT) + "…";
        }
        return text.isEmpty() ? "" : ": " + text;
    }
}
