package com.danubemessaging.connect.runtime;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.api.RetrySettings;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.RetryOptions;
import com.danubemessaging.connect.runtime.health.HealthState;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import com.danubemessaging.connect.runtime.sink.SinkRuntime;
import com.danubemessaging.connect.runtime.source.SourceRuntime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Runs a source or sink runtime on its own thread against a test broker, the way the runnable does, with a
 * fresh client, metrics and health state per run.
 */
public final class RuntimeHarness implements AutoCloseable {
    final ConnectorConfig config;
    final DanubeClient client;
    final ConnectorMetrics metrics;
    final HealthState health = new HealthState();
    private final Runnable stopper;
    private final CompletableFuture<Void> exit = new CompletableFuture<>();

    private RuntimeHarness(ConnectorConfig config, Object connector) {
        this.config = config;
        this.client = DanubeClient.builder()
                .serviceUrl(config.serviceUrl())
                .retry(new RetryOptions(3, Duration.ofMillis(50), Duration.ofMillis(500)))
                .healthCheckInterval(Duration.ofMillis(500))
                .build();
        this.metrics = new ConnectorMetrics(config.connectorName());
        health.clientConnected(client::isConnected);
        RuntimeContext ctx = new RuntimeContext(config, client, metrics, health);
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
        return new RuntimeHarness(config, connector);
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

    /** Stops and waits for run() to return; rethrows what run() threw. */
    public void stopAndAwait() throws Exception {
        stop();
        awaitExit(Duration.ofSeconds(30));
    }

    /** Waits for run() to return; rethrows what run() threw. */
    void awaitExit(Duration timeout) throws Exception {
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
        return exit.handle((ok, e) -> e).getNow(null);
    }

    public double counter(String name, String topic, String errorType) {
        var search = metrics.registry().find(name).tag("topic", topic);
        if (errorType != null) {
            search = search.tag("error_type", errorType);
        }
        var c = search.counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        stop();
        try {
            exit.handle((ok, e) -> null).get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the test already failed or timed out; closing the client below is what matters
        }
        client.close();
        metrics.close();
    }
}
