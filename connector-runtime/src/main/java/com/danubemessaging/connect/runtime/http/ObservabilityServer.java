package com.danubemessaging.connect.runtime.http;

import com.danubemessaging.connect.runtime.health.HealthState;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP endpoints of a connector process on {@code [processing].metrics_port} (JDK HTTP server, two daemon
 * threads): {@code GET /metrics} (Prometheus text), {@code GET /health/live} and {@code GET /health/ready}
 * (200 {@code {"status":"UP"}}, or 503 with {@code {"status":"DOWN","reason":"…"}}).
 */
public final class ObservabilityServer implements AutoCloseable {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private ObservabilityServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and starts serving.
     *
     * @throws UncheckedIOException when the port cannot be bound, with the port in the message
     */
    public static ObservabilityServer start(String host, int port, ConnectorMetrics metrics, HealthState health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port
                    + " for /metrics and /health ([processing].metrics_port): " + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, metrics::scrape));
        server.createContext("/health/live", exchange -> respondHealth(exchange, health.livenessProblem()));
        server.createContext("/health/ready", exchange -> respondHealth(exchange, health.readinessProblem()));
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "danube-connect-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new ObservabilityServer(server, executor);
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void respondHealth(HttpExchange exchange, Optional<String> problem) throws IOException {
        String body = problem.map(reason -> "{\"status\":\"DOWN\",\"reason\":\"" + jsonEscape(reason) + "\"}")
                .orElse("{\"status\":\"UP\"}");
        respond(exchange, problem.isPresent() ? 503 : 200, "application/json", () -> body);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, Supplier<String> body)
            throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!isExactPath(exchange)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The JDK server matches contexts by prefix; {@code /metricsfoo} should be a 404. */
    private static boolean isExactPath(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        String context = exchange.getHttpContext().getPath();
        return path.equals(context) || path.equals(context + "/");
    }

    private static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** Stops serving at once (in-flight scrapes are cut). */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
