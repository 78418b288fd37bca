package com.danubemessaging.connect.runtime.app;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.runtime.RuntimeContext;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import com.danubemessaging.connect.runtime.config.LoadedConfig;
import com.danubemessaging.connect.runtime.config.RuntimeEnv;
import com.danubemessaging.connect.runtime.config.SecuritySettings;
import com.danubemessaging.connect.runtime.health.HealthState;
import com.danubemessaging.connect.runtime.http.ObservabilityServer;
import com.danubemessaging.connect.runtime.logging.LogContext;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connector inside the calling JVM with the real runtime: the same configuration loading and validation
 * as {@code connector.toml} in the image, the same source or sink runtime, Danube client, metrics and
 * {@code /metrics} + {@code /health/*} server as the runnable. Meant for a connector author's JUnit tests against
 * testkit's {@code DanubeBrokerExtension}:
 *
 * <pre>{@code
 * @RegisterExtension
 * static DanubeBrokerExtension danube = DanubeBrokerExtension.create();
 *
 * @Test
 * void publishesEveryLine(DanubeTestBroker broker) {
 *     try (EmbeddedConnector source = EmbeddedConnector.builder()
 *             .connector(new MySource())                 // or an id / class name: .connector("source-file")
 *             .config("""
 *                     connector_name = "my-source"
 *                     [my]
 *                     topic = "/default/lines"
 *                     """)
 *             .serviceUrl(broker.serviceUrl())
 *             .start()) {
 *         source.awaitReady(Duration.ofSeconds(30));
 *         // ... assert on broker.messages("/default/lines") ...
 *     }                                                 // graceful stop; a failure of the run is rethrown
 * }
 * }</pre>
 *
 * <p>Differences from the runnable, all for tests: the HTTP server listens on 127.0.0.1 and on a free port unless
 * {@link Builder#metricsPort} says otherwise; the environment is only what {@link Builder#env} gives (placeholders
 * {@code ${env:NAME}}, {@code DANUBE_TOKEN}, TLS files, ...), never the process's; no shutdown hook, no exit code,
 * no termination log; logging is left as the test set it up.
 */
public final class EmbeddedConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedConnector.class);
    private static final Duration STOP_MARGIN = Duration.ofSeconds(5);

    private final ConnectorConfig config;
    private final Duration shutdownTimeout;
    private final HealthState health = new HealthState();
    private final ConnectorMetrics metrics;
    private final ObservabilityServer server;
    private final DanubeClient client;
    private final ConnectorRunner runner;
    private final CompletableFuture<Void> exit = new CompletableFuture<>();
    private volatile boolean closed;

    private EmbeddedConnector(Builder builder, ConnectorConfig config, Object connector, ClassLoader loader) {
        this.config = config;
        this.shutdownTimeout = builder.shutdownTimeout;
        this.metrics = new ConnectorMetrics(config.connectorName());
        ObservabilityServer startedServer = null;
        DanubeClient startedClient = null;
        try {
            startedServer = ObservabilityServer.start("127.0.0.1", builder.metricsPort, metrics, health);
            startedClient = ClientFactory.build(config.serviceUrl(), SecuritySettings.fromEnv(builder.env));
            health.clientConnected(startedClient::isConnected);
            this.runner = ConnectorRunner.of(connector, new RuntimeContext(config, startedClient, metrics, health,
                    shutdownTimeout));
        } catch (RuntimeException e) {
            closeQuietly(startedClient);
            closeQuietly(startedServer);
            metrics.close();
            throw e;
        }
        this.server = startedServer;
        this.client = startedClient;
        Thread thread = new Thread(LogContext.inConnector(config.connectorName(), this::runToEnd),
                "embedded-" + config.connectorName());
        thread.setContextClassLoader(loader);
        thread.setDaemon(true);
        thread.start();
        LOG.info("Embedded {} connector '{}' started: Danube {}, metrics and health on port {}", runner.kind(),
                config.connectorName(), config.serviceUrl(), server.port());
    }

    public static Builder builder() {
        return new Builder();
    }

    private void runToEnd() {
        try {
            runner.run();
            exit.complete(null);
        } catch (Throwable e) {
            health.markFatal(String.valueOf(e.getMessage()));
            exit.completeExceptionally(e);
        }
    }

    /**
     * Waits until {@code /health/ready} would answer 200 (started, connected, subscribed, healthy).
     *
     * @throws IllegalStateException with the readiness problem when it is not ready in time, or with the failure
     *                               when the run ended first
     */
    public EmbeddedConnector awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!health.isReady()) {
            if (exit.isDone()) {
                throw new IllegalStateException("connector '" + config.connectorName() + "' ended before it was ready"
                        + failure().map(e -> ": " + e).orElse(""), failure().orElse(null));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("connector '" + config.connectorName() + "' not ready within "
                        + timeout.toMillis() + " ms: " + health.readinessProblem().orElse("ready"));
            }
            sleep(Duration.ofMillis(20));
        }
        return this;
    }

    /** True while {@code /health/ready} would answer 200. */
    public boolean isReady() {
        return health.isReady();
    }

    /** Why it is not ready (what {@code /health/ready} answers with 503), empty when it is. */
    public Optional<String> readinessProblem() {
        return health.readinessProblem();
    }

    /** The validated configuration the connector runs with. */
    public ConnectorConfig config() {
        return config;
    }

    /** The run's metrics ({@code danube_connector_*}); {@link ConnectorMetrics#scrape()} gives the Prometheus text. */
    public ConnectorMetrics metrics() {
        return metrics;
    }

    /** The port of {@code http://127.0.0.1:<port>/metrics} and {@code /health/live}, {@code /health/ready}. */
    public int httpPort() {
        return server.port();
    }

    /** True once the run ended (stopped, or failed). */
    public boolean hasEnded() {
        return exit.isDone();
    }

    /** What ended the run with an error ({@code FatalException}, ...), once it ended; empty otherwise. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(exit.handle((ok, e) -> e instanceof java.util.concurrent.CompletionException c
                ? c.getCause() : e).getNow(null));
    }

    /**
     * Stops gracefully (pending records are published or written and acknowledged, the connector's
     * {@code shutdown()} runs) and releases everything. Idempotent.
     *
     * @throws IllegalStateException when the run failed (its failure is the cause) or did not stop within the
     *                               shutdown timeout plus a margin
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        runner.stop();
        Duration wait = shutdownTimeout.plus(STOP_MARGIN);
        try {
            exit.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("connector '" + config.connectorName() + "' failed: " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("connector '" + config.connectorName() + "' did not stop within "
                    + wait.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            closeQuietly(server);
            metrics.close();
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for readiness", e);
        }
    }

    /** What to run and how. {@link #connector} and {@link #config} are required. */
    public static final class Builder {
        private Object connector;
        private String connectorId;
        private String toml;
        private String configSource = "(embedded)";
        private Path configDir;
        private final Map<String, String> env = new HashMap<>();
        private int metricsPort;
        private Duration shutdownTimeout = RuntimeContext.DEFAULT_SHUTDOWN_TIMEOUT;

        private Builder() {
        }

        /** The connector instance to run: a {@link SourceConnector} or a {@link SinkConnector}. */
        public Builder connector(Object instance) {
            if (!(instance instanceof SourceConnector) && !(instance instanceof SinkConnector)) {
                throw new IllegalArgumentException("not a SourceConnector or SinkConnector: " + instance);
            }
            this.connector = instance;
            this.connectorId = null;
            return this;
        }

        /** A connector by id ({@code source-file}, or a {@code ConnectorProvider}'s id) or by class name. */
        public Builder connector(String idOrClassName) {
            this.connectorId = Objects.requireNonNull(idOrClassName, "idOrClassName");
            this.connector = null;
            return this;
        }

        /** The {@code connector.toml} text. */
        public Builder config(String tomlText) {
            this.toml = Objects.requireNonNull(tomlText, "tomlText");
            return this;
        }

        /** A {@code connector.toml} file; relative {@code schema_file} paths resolve against its directory. */
        public Builder configFile(Path file) {
            try {
                this.toml = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            this.configSource = file.toString();
            this.configDir = file.toAbsolutePath().getParent();
            return this;
        }

        /** The broker, e.g. {@code broker.serviceUrl()}; wins over {@code danube_service_url} like the env variable. */
        public Builder serviceUrl(String serviceUrl) {
            return env(RuntimeEnv.DANUBE_SERVICE_URL, serviceUrl);
        }

        /** One variable of the environment the configuration and security settings see. */
        public Builder env(String name, String value) {
            env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The HTTP port; 0 (the default here) picks a free one ({@link EmbeddedConnector#httpPort()}). */
        public Builder metricsPort(int port) {
            this.metricsPort = port;
            return this;
        }

        /** The longest a graceful stop may take ({@code DANUBE_CONNECT_SHUTDOWN_TIMEOUT_MS}; default 25 s). */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Validates the configuration, creates the connector and starts it on a thread of its own.
         *
         * @throws com.danubemessaging.connect.runtime.config.ConfigValidationException for a bad configuration
         * @throws ConfigurationException for an unknown connector
         */
        public EmbeddedConnector start() {
            if (toml == null) {
                throw new IllegalStateException("config(...) or configFile(...) is required");
            }
            if (connector == null && connectorId == null) {
                throw new IllegalStateException("connector(...) is required");
            }
            LoadedConfig loaded = new ConfigLoader(env).parse(toml, configSource, configDir);
            loaded.warnings().forEach(warning -> LOG.warn("{}: {}", loaded.source(), warning));
            Object instance = connector;
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (instance == null) {
                ConnectorResolver.Resolved resolved = new ConnectorResolver(loader).resolve(connectorId.trim());
                instance = resolved.connector();
                loader = resolved.loader();
            }
            return new EmbeddedConnector(this, loaded.config(), instance, loader);
        }
    }
}
