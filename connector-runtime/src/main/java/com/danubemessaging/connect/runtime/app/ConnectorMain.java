package com.danubemessaging.connect.runtime.app;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.runtime.RuntimeContext;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import com.danubemessaging.connect.runtime.config.LoadedConfig;
import com.danubemessaging.connect.runtime.config.RuntimeEnv;
import com.danubemessaging.connect.runtime.config.SecuritySettings;
import com.danubemessaging.connect.runtime.health.HealthState;
import com.danubemessaging.connect.runtime.http.ObservabilityServer;
import com.danubemessaging.connect.runtime.logging.LogFormat;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runnable of the shared connector image: loads {@code connector.toml}, finds the connector, serves
 * {@code /metrics} and {@code /health/*}, builds the Danube client and runs the source or sink runtime until
 * SIGTERM/SIGINT (graceful stop within {@code DANUBE_CONNECT_SHUTDOWN_TIMEOUT_MS}) or a fatal error (reason to the
 * termination log, exit 1). Configuration problems exit with 2 before anything connects. See {@code --help}.
 *
 * <p>Logging is configured again once the configuration is read, because the level may come from it
 * ({@code [processing].log_level}) and every line names the connector.
 */
public final class ConnectorMain {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FATAL = 1;
    public static final int EXIT_CONFIG = 2;
    /** {@link #run(String...)} returns this when a signal stopped the process; the JVM sets the exit code then. */
    static final int STOPPED_BY_SIGNAL = -1;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final TerminationLog terminationLog;

    ConnectorMain(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
        this.terminationLog = TerminationLog.fromEnv(this.env);
    }

    public static void main(String[] args) {
        int code = new ConnectorMain(System.getenv(), System.out, System.err).run(args);
        if (code != STOPPED_BY_SIGNAL) {
            System.exit(code);
        }
    }

    /** Runs the connector; returns the exit code, or {@link #STOPPED_BY_SIGNAL}. */
    int run(String... args) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            return configError("error: " + e.getMessage());
        }
        if (commandLine.help()) {
            out.print(Usage.text());
            out.flush();
            return EXIT_OK;
        }
        StartupSettings settings;
        try {
            settings = readSettings(commandLine);
        } catch (ConfigurationException e) {
            return configError(e.getMessage());
        }
        LoggingSetup.apply(settings.logLevel(), settings.logFormat(), settings.loaded().config().connectorName());
        return new Session(settings).run();
    }

    private StartupSettings readSettings(CommandLine commandLine) {
        LoadedConfig loaded = new ConfigLoader(env).load(commandLine.config().orElse(null));
        SecuritySettings security = SecuritySettings.fromEnv(env);
        String logLevel = LoggingSetup.effectiveLevel(env, loaded.config().processing().logLevel());
        LogFormat logFormat = LoggingSetup.format(env);
        String connectorId = commandLine.connector().orElseGet(() -> env.get(RuntimeEnv.DANUBE_CONNECTOR));
        if (connectorId == null || connectorId.isBlank()) {
            throw new ConfigurationException(RuntimeEnv.DANUBE_CONNECTOR
                    + ": required: set it or pass --connector (a built-in id such as source-mqtt, or a class name)");
        }
        Duration grace = shutdownTimeout();
        List<Path> pluginJars = PluginClassLoaders.pluginJars(env);
        return new StartupSettings(loaded, security, logLevel, logFormat, connectorId.trim(), grace, pluginJars);
    }

    private Duration shutdownTimeout() {
        String value = env.get(RuntimeEnv.SHUTDOWN_TIMEOUT_MS);
        if (value == null || value.isBlank()) {
            return Duration.ofMillis(RuntimeEnv.DEFAULT_SHUTDOWN_TIMEOUT_MS);
        }
        try {
            long millis = Long.parseLong(value.trim());
            if (millis > 0) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(RuntimeEnv.SHUTDOWN_TIMEOUT_MS + ": must be a positive number of milliseconds (got \""
                + value + "\")");
    }

    private int configError(String message) {
        err.println(message);
        err.flush();
        terminationLog.write(message);
        return EXIT_CONFIG;
    }

    /** Everything read before a logger exists. */
    private record StartupSettings(LoadedConfig loaded, SecuritySettings security, String logLevel,
                                   LogFormat logFormat, String connectorId, Duration shutdownGrace, List<Path> pluginJars) {
    }

    /** One run of the connector, after the settings are known and logging is configured. */
    private final class Session {
        private final Logger log = LoggerFactory.getLogger(ConnectorMain.class);
        private final StartupSettings settings;
        private final ConnectorConfig config;
        private final CountDownLatch finished = new CountDownLatch(1);

        Session(StartupSettings settings) {
            this.settings = settings;
            this.config = settings.loaded().config();
        }

        int run() {
            // the connector's own unknown keys follow once it has initialized (UnknownKeysReport)
            config.unknownKeys().takeUnreported()
                    .forEach(warning -> log.warn("{}: {}", settings.loaded().source(), warning));
            Object connector;
            try {
                ConnectorResolver.Resolved resolved = new ConnectorResolver(PluginClassLoaders.create(env,
                        settings.pluginJars(), Thread.currentThread().getContextClassLoader()))
                        .resolve(settings.connectorId());
                Thread.currentThread().setContextClassLoader(resolved.loader());
                connector = resolved.connector();
            } catch (ConfigurationException e) {
                finished.countDown();
                return configError(e.getMessage());
            }

            ConnectorMetrics metrics = null;
            ObservabilityServer server = null;
            DanubeClient client = null;
            ConnectorRunner runner = null;
            Thread hook = null;
            int code = EXIT_OK;
            HealthState health = new HealthState();
            try {
                metrics = new ConnectorMetrics(config.connectorName()).withJvmMetrics();
                server = ObservabilityServer.start("0.0.0.0", config.processing().metricsPort(), metrics, health);
                client = buildClient();
                health.clientConnected(client::isConnected);
                runner = ConnectorRunner.of(connector, new RuntimeContext(config, client, metrics, health,
                        settings.shutdownGrace()));
                hook = installShutdownHook(runner);
                log.info("Starting {} connector '{}' ({}) as instance '{}': Danube {}, metrics and health on port {}, "
                                + "{} plugin jar(s)", runner.kind(), config.connectorName(), settings.connectorId(),
                        config.instanceId(), config.serviceUrl(), server.port(), settings.pluginJars().size());
                runner.run();
                log.info("Connector '{}' stopped", config.connectorName());
            } catch (FatalException | ConfigurationException e) {
                code = fatal(health, e.getMessage(), e);
            } catch (RuntimeException e) {
                code = fatal(health, e.toString(), e);
            } finally {
                closeQuietly(client);
                closeQuietly(server);
                closeQuietly(metrics);
                finished.countDown();
            }
            return hook == null || removeHook(hook) ? code : STOPPED_BY_SIGNAL;
        }

        /** Values from {@code ${env:…}} placeholders are masked: the reason reaches logs, /health and the pod status. */
        private int fatal(HealthState health, String reason, Exception e) {
            String masked = config.mask(reason);
            String message = "connector '" + config.connectorName() + "' (" + settings.connectorId()
                    + ") failed: " + masked;
            health.markFatal(masked);
            if (masked.equals(reason)) {
                log.error(message, e);
            } else {
                log.error(message);
            }
            terminationLog.write(message);
            return EXIT_FATAL;
        }

        private DanubeClient buildClient() {
            return ClientFactory.build(config.serviceUrl(), settings.security());
        }

        private Thread installShutdownHook(ConnectorRunner runner) {
            long graceMillis = settings.shutdownGrace().toMillis();
            Thread hook = new Thread(() -> {
                log.info("Shutdown signal received: stopping connector '{}' (grace period {} ms)",
                        config.connectorName(), graceMillis);
                runner.stop();
                try {
                    if (!finished.await(graceMillis, TimeUnit.MILLISECONDS)) {
                        log.error("Connector '{}' did not stop within {} ms; exiting anyway",
                                config.connectorName(), graceMillis);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "danube-connect-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            return hook;
        }

        /** False when the JVM is already shutting down (a signal arrived), so main must not call exit. */
        private boolean removeHook(Thread hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                return true;
            } catch (IllegalStateException shuttingDown) {
                return false;
            }
        }

        private void closeQuietly(AutoCloseable resource) {
            if (resource == null) {
                return;
            }
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
