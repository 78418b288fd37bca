package com.danubemessaging.connect.connectors.file;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConnectorProvider;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.RetryOptions;
import com.danubemessaging.connect.runtime.RuntimeContext;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import com.danubemessaging.connect.runtime.health.HealthState;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import com.danubemessaging.connect.runtime.sink.SinkRuntime;
import com.danubemessaging.connect.runtime.source.SourceRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A built-in connector, found by its id through {@link ServiceLoader} as the runnable finds it, configured from TOML
 * text and run by the real source or sink runtime on its own thread.
 */
final class RunningConnector implements AutoCloseable {
    final ConnectorConfig config;
    final ConnectorMetrics metrics;
    final HealthState health = new HealthState();
    private final DanubeClient client;
    private final Runnable stopper;
    private final CompletableFuture<Void> exit = new CompletableFuture<>();

    private RunningConnector(String id, ConnectorConfig config) {
        this.config = config;
        Object connector = ServiceLoader.load(ConnectorProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no ConnectorProvider registered for " + id))
                .create();
        this.client = DanubeClient.builder().serviceUrl(config.serviceUrl())
                .retry(new RetryOptions(5, Duration.ofMillis(50), Duration.ofMillis(500)))
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
        Thread thread = new Thread(() -> {
            try {
                run.run();
                exit.complete(null);
            } catch (Throwable e) {
                exit.completeExceptionally(e);
            }
        }, "runtime-" + config.connectorName());
        thread.setDaemon(true);
        thread.start();
    }

    /** Loads {@code toml} as the runnable would (with an empty environment) and starts connector {@code id}. */
    static RunningConnector start(String id, String toml, Path baseDir) {
        ConnectorConfig config = new ConfigLoader(Map.of()).parse(toml, id + ".toml", baseDir).config();
        return new RunningConnector(id, config);
    }

    boolean ready() {
        return health.isReady();
    }

    double counter(String name, String topic, String errorType) {
        var search = metrics.registry().find(name).tag("topic", topic);
        if (errorType != null) {
            search = search.tag("error_type", errorType);
        }
        var counter = search.counter();
        return counter == null ? 0 : counter.count();
    }

    /** Stops in order (flush, ack/commit, shutdown) and waits; rethrows what the runtime threw. */
    void stopAndAwait() throws Exception {
        stopper.run();
        try {
            exit.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    @Override
    public void close() {
        stopper.run();
        try {
            exit.handle((ok, e) -> null).get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the test has already failed; releasing the client is what matters now
        }
        client.close();
        metrics.close();
    }
}
