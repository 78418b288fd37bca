package com.danubemessaging.connect.runtime;

import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.api.RetrySettings;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.RetryOptions;
import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.runtime.health.HealthState;
import com.danubemessaging.connect.runtime.http.ObservabilityServer;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import com.danubemessaging.connect.runtime.sink.SinkRuntime;
import com.danubemessaging.connect.runtime.source.SourceRuntime;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Runs a source or sink runtime on its own thread against a test broker, the way the runnable does: a fresh client,
 * metrics, health state and {@code /metrics} + {@code /health/*} server per run.
 *
 * <p>{@link #close()} stops the runtime and fails the test when the runtime failed without the test looking at
 * the failure ({@link #failure()}, {@link #awaitExit}), or when it does not stop within its shutdown timeout plus
 * a margin: a swallowed error or a stop that hangs is a bug, not something to hide.
 */
public final class RuntimeHarness implements AutoCloseable {
    /** The runtime's bounded stop in tests; the runnable's default is 25 s. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(8);
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final ConnectorConfig config;
    final DanubeClient client;
    final ConnectorMetrics metrics;
    final HealthState health = new HealthState();
    private final ObservabilityServer http;
    private final Runnable stopper;
    private final Duration closeWait;
    private final CompletableFuture<Void> exit = new CompletableFuture<>();
    private volatile boolean failureObserved;

    private RuntimeHarness(ConnectorConfig config, Object connector, Duration shutdownTimeout) {
        this.config = config;
        this.closeWait = shutdownTimeout.plus(CLOSE_MARGIN);
        this.client = DanubeClient.builder()
                .serviceUrl(config.serviceUrl())
                .retry(new RetryOptions(3, Duration.ofMillis(50), Duration.ofMillis(500)))
                .healthCheckInterval(Duration.ofMillis(500))
                .build();
        this.metrics = new ConnectorMetrics(config.connectorName());
        health.clientConnected(client::isConnected);
        this.http = ObservabilityServer.start("127.0.0.1", 0, metrics, health);
        RuntimeContext ctx = new RuntimeContext(config, client, metrics, health, shutdownTimeout);
        Runnable run;
        if (connector instanceof SourceConnector source) {
            SourceRuntime runtime = new SourceRuntime(source, ctx);
            run = runtime::run;
            stopper = runtime::stop;
        } else {
            SinkRuntime runtime = new SinkRuntime((SinkConnector) connector, ctx);
            run = runtime::run;
            stopper = runtime::stop;
        }
        Thread t = new Thread(() -> {
            try {
                run.run();
                exit.complete(null);
            } catch (Throwable e) {
                exit.completeExceptionally(e);
            }
        }, "runtime-" + config.connectorName());
        t.setDaemon(true);
        t.start();
    }

    /** Config with test-friendly timings: short batch timeout, fast retries, frequent health checks. */
    static ConnectorConfig.Builder config(String serviceUrl, String name) {
        return ConnectorConfig.builder()
                .serviceUrl(serviceUrl)
                .connectorName(name)
                .instanceId("pod-a")
                .retry(new RetrySettings(3, 50, 400))
                .processing(ProcessingSettings.defaults().withBatchSize(200).withBatchTimeoutMs(50)
                        .withPollIntervalMs(20).withHealthCheckIntervalMs(200));
    }

    public static RuntimeHarness start(ConnectorConfig config, Object connector) {
        return new RuntimeHarness(config, connector, SHUTDOWN_TIMEOUT);
    }

    static RuntimeHarness start(ConnectorConfig config, Object connector, Duration shutdownTimeout) {
        return new RuntimeHarness(config, connector, shutdownTimeout);
    }

    static RuntimeHarness start(String serviceUrl, String name, Object connector) {
        return start(config(serviceUrl, name).build(), connector);
    }

    static RuntimeHarness start(String serviceUrl, String name, Object connector,
                                UnaryOperator<ProcessingSettings> processing) {
        return start(config(serviceUrl, name).processing(processing.apply(config(serviceUrl, name).build()
                .processing())).build(), connector);
    }

    public void stop() {
        stopper.run();
    }

    /**
     * Creates {@code topic} as a reliable topic, as the source's producer would, so that a sink can subscribe before
     * the first record: a new subscription starts at the latest message (danube-facts §9.6).
     */
    static void createReliableTopic(DanubeTestBroker broker, String topic) {
        broker.createTopic(topic, DispatchStrategy.Reliable);
    }

    /** Waits until a consumer is attached to {@code subscription}, so that every record published next reaches it. */
    static void awaitSubscribed(DanubeTestBroker broker, String topic, String subscription) {
        await("consumer attached to " + subscription).atMost(Duration.ofSeconds(20))
                .until(() -> !broker.activeConsumers(topic, subscription).isEmpty());
    }

    /** Stops and waits for run() to return; rethrows what run() threw. */
    public void stopAndAwait() throws Exception {
        stop();
        awaitExit(closeWait);
    }

    /** Waits for run() to return; rethrows what run() threw. */
    void awaitExit(Duration timeout) throws Exception {
        failureObserved = true;
        try {
            exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /** Ready as {@code /health/ready} would say: started, connected to Danube, connector healthy. */
    public boolean ready() {
        return health.isReady();
    }

    public boolean exited() {
        return exit.isDone();
    }

    /** What run() threw, once it has returned (null when it returned normally). */
    public Throwable failure() {
        failureObserved = true;
        return exit.handle((ok, e) -> e).getNow(null);
    }

    /** GET on this run's HTTP server ({@code /metrics}, {@code /health/ready}, {@code /health/live}). */
    HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public double counter(String name, String topic, String errorType) {
        var search = metrics.registry().find(name).tag("topic", topic);
        if (errorType != null) {
            search = search.tag("error_type", errorType);
        }
        var c = search.counter();
        return c == null ? 0 : c.count();
    }

    /** The value of {@code danube_connector_inflight_messages} for {@code topic} (0 before any record). */
    public double inflight(String topic) {
        var g = metrics.registry().find("danube.connector.inflight.messages").tag("topic", topic).gauge();
        return g == null ? 0 : g.value();
    }

    @Override
    public void close() {
        stop();
        try {
            exit.get(closeWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!failureObserved) {
                throw new AssertionError("runtime '" + config.connectorName() + "' failed: " + e.getCause(),
                        e.getCause());
            }
        } catch (TimeoutException e) {
            throw new AssertionError("runtime '" + config.connectorName() + "' did not stop within "
                    + closeWait.toMillis() + " ms of the stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            http.close();
            client.close();
            metrics.close();
        }
    }
}
