package com.danubemessaging.connect.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-process HTTP endpoint (the JDK's HttpServer on 127.0.0.1 and a free port) whose answers a test scripts: it
 * records every request, and answers with the current {@link Script}, e.g. 503 for a while, 429 with
 * {@code Retry-After}, 400 for one body, or a dropped connection. Used by the sink-http tests of this module and by
 * the end-to-end tests in integration-tests (through this module's test jar).
 */
public final class ScriptedEndpoint implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One received request. */
    public record Request(String method, String path, Map<String, String> headers, byte[] body, int answeredWith) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** A header by name, case-insensitively. */
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        public boolean accepted() {
            return answeredWith >= 200 && answeredWith < 300;
        }
    }

    /** An answer: a status (with an optional Retry-After), or a connection dropped without any answer. */
    public record Answer(int status, String retryAfter, String body) {
        public static final Answer OK = new Answer(200, null, "");
        public static final Answer DROP = new Answer(-1, null, "");

        public static Answer status(int status) {
            return new Answer(status, null, "{\"error\":\"scripted " + status + "\"}");
        }

        public static Answer retryAfter(int status, String retryAfter) {
            return new Answer(status, retryAfter, "");
        }
    }

    /** Chooses the answer to a request (method, path, headers, body are known, the answer not yet). */
    public interface Script extends Function<Request, Answer> {
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Script script = request -> Answer.OK;
    private volatile long delayMillis;

    private ScriptedEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    public static ScriptedEndpoint start() {
        try {
            return new ScriptedEndpoint();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test endpoint", e);
        }
    }

    /** {@code http://127.0.0.1:port} + path. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    public void script(Script next) {
        this.script = next;
    }

    /** Every answer waits this long first (for timeouts and concurrency). */
    public void delay(long millis) {
        this.delayMillis = millis;
    }

    /** Forgets the requests received so far (a benchmark's rounds would otherwise fill the heap). */
    public void forgetRequests() {
        requests.clear();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> accepted() {
        return requests.stream().filter(Request::accepted).toList();
    }

    /** The most requests that were being answered at the same time. */
    public int maxConcurrentRequests() {
        return maxInFlight.get();
    }

    /**
     * The values of {@code field} of every message in the accepted bodies, duplicates kept: a body is one JSON
     * object (record mode) or an array of objects, or of envelopes with the object under {@code payload}.
     */
    public List<Long> acceptedIds(String field) {
        List<Long> ids = new ArrayList<>();
        for (Request r : accepted()) {
            JsonNode body = parse(r.body());
            for (JsonNode message : body.isArray() ? body : List.of(body)) {
                JsonNode payload = message.has("payload") ? message.get("payload") : message;
                ids.add(payload.get(field).asLong());
            }
        }
        return ids;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("accepted body is not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                    body, 0);
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            Answer answer = script.apply(request);
            requests.add(new Request(request.method(), request.path(), headers, body, answer.status()));
            if (answer.status() < 0) {
                // no status line at all: closing the exchange now closes the connection under the client
                throw new IOException("scripted connection drop");
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
