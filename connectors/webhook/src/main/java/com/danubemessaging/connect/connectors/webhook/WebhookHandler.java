package com.danubemessaging.connect.connectors.webhook;

import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.api.SourceSender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code GET /health}, {@code GET /ready} and {@code POST <route>}. A POST goes: route (404, 405) → rate
 * limit (429) → body size (413) → authentication (401) → a place among the requests waiting for Danube (503) →
 * publication. The answer is 200 only once Danube acknowledged the record; 422 when the runtime refused the
 * record as invalid; 503 with {@code Retry-After} when it was not published (Danube away longer than
 * {@code timeout_seconds}, the connector stopping). Nothing blocks a server thread while Danube works.
 */
final class WebhookHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Seconds a client is asked to wait before retrying after a 503. */
    static final int RETRY_AFTER_SECONDS = 5;
    private static final long REFUSAL_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Map<String, WebhookSettings.Route> routes = new HashMap<>();
    private final int maxBodySize;
    private final long timeoutSeconds;
    private final Authenticator authenticator;
    private final RateLimiter limiter;
    private final WebhookRecords records;
    private final PublicationGate gate;
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - REFUSAL_LOG_INTERVAL_NANOS);
    private volatile SourceSender sender;

    WebhookHandler(WebhookSettings settings, Authenticator authenticator, RateLimiter limiter, WebhookRecords records,
                   PublicationGate gate) {
        super(InvocationType.BLOCKING);
        settings.routes().forEach(r -> routes.put(r.from(), r));
        this.maxBodySize = settings.server().maxBodySize();
        this.timeoutSeconds = settings.server().timeoutSeconds();
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.records = records;
        this.gate = gate;
    }

    /** From now on accepted requests are handed to {@code recordSender}. */
    void attach(SourceSender recordSender) {
        this.sender = recordSender;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        if (path.equals("/health")) {
            return answer(response, callback, 200, Map.of("status", "healthy"));
        }
        if (path.equals("/ready")) {
            String notReady = notReadyReason();
            return notReady == null ? answer(response, callback, 200, Map.of("status", "ready"))
                    : answer(response, callback, 503, Map.of("status", "not_ready", "reason", notReady));
        }
        WebhookSettings.Route route = routes.get(path);
        if (route == null) {
            return error(response, callback, 404, "not_found", "Endpoint not found: " + path);
        }
        if (!method.equals("POST")) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return error(response, callback, 405, "method_not_allowed", path + " accepts POST only");
        }
        Function<String, String> header = name -> request.getHeaders().get(name);
        String clientIp = WebhookRecords.clientIp(header, Request.getRemoteAddr(request));
        long wait = limiter.acquire(path, clientIp);
        if (wait > 0) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(Math.max(1,
                    TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999))));
            return error(response, callback, 429, "rate_limit_exceeded", "Rate limit exceeded for endpoint: " + path);
        }
        long length = request.getLength();
        if (length > maxBodySize) {
            return tooLarge(response, callback, Long.toString(length));
        }
        Content.Source.asByteArrayAsync(request, maxBodySize, Promise.Invocable.from(Invocable.InvocationType.BLOCKING,
                (body, failure) -> {
                    if (failure != null) {
                        if (String.valueOf(failure.getMessage()).contains("Max size")) {
                            tooLarge(response, callback, "over " + maxBodySize);
                        } else {
                            error(response, callback, 400, "bad_request", "cannot read the body: "
                                    + failure.getMessage());
                        }
                        return;
                    }
                    publish(route, body, header, clientIp, response, callback);
                }));
        return true;
    }

    private void publish(WebhookSettings.Route route, byte[] body, Function<String, String> header, String clientIp,
                         Response response, Callback callback) {
        String refusal = authenticator.refusal(header, body);
        if (refusal != null) {
            logRefusal(route.from(), clientIp, refusal);
            error(response, callback, 401, "authentication_failed", refusal);
            return;
        }
        SourceSender target = sender;
        if (target == null || target.isClosed()) {
            unavailable(response, callback, "the connector is not publishing (starting or stopping)");
            return;
        }
        if (!gate.tryEnter()) {
            unavailable(response, callback, "too many requests are waiting for Danube");
            return;
        }
        SourceRecord record = records.toRecord(route, body, header, clientIp);
        CompletionStage<Void> published;
        try {
            published = target.send(record);
        } catch (RuntimeException e) {
            gate.leave(false);
            unavailable(response, callback, "the connector is stopping: " + e.getMessage());
            return;
        }
        published.whenComplete((ok, failure) -> gate.leave(failure == null));
        published.toCompletableFuture().orTimeout(timeoutSeconds, TimeUnit.SECONDS).whenComplete((ok, failure) -> {
            if (failure == null) {
                answer(response, callback, 200, Map.of("status", "accepted", "endpoint", route.from(), "topic",
                        route.to()));
                return;
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof InvalidDataException) {
                error(response, callback, 422, "invalid_data", cause.getMessage());
            } else if (cause instanceof TimeoutException) {
                unavailable(response, callback, "Danube did not acknowledge the message within " + timeoutSeconds
                        + " s; it may still be published");
            } else {
                unavailable(response, callback, "the message could not be published: " + cause.getMessage());
            }
        });
    }

    private String notReadyReason() {
        SourceSender target = sender;
        if (target == null) {
            return "starting: not connected to Danube yet";
        }
        if (target.isClosed()) {
            return "stopping";
        }
        return gate.stallReason();
    }

    private void logRefusal(String path, String clientIp, String reason) {
        long n = refusals.incrementAndGet();
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        if (now - last >= REFUSAL_LOG_INTERVAL_NANOS && lastRefusalLog.compareAndSet(last, now)) {
            LOG.warn("Refused a request to {} from {}: {} ({} refused so far)", path, clientIp, reason, n);
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private boolean tooLarge(Response response, Callback callback, String size) {
        return error(response, callback, 413, "payload_too_large", "Payload size " + size + " exceeds maximum "
                + maxBodySize);
    }

    private static boolean unavailable(Response response, Callback callback, String message) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        return error(response, callback, 503, "unavailable", message);
    }

    private static boolean error(Response response, Callback callback, int status, String error, String message) {
        return answer(response, callback, status, Map.of("error", error, "message", message));
    }

    private static boolean answer(Response response, Callback callback, int status, Map<String, String> fields) {
        ObjectNode body = JSON.createObjectNode();
        fields.forEach(body::put);
        body.put("timestamp", OffsetDateTime.now(ZoneOffset.UTC).toString());
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, body.toString(), callback);
        return true;
    }
}
