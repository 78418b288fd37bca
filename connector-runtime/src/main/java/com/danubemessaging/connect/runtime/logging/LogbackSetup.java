package com.danubemessaging.connect.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures Logback for the runtime in code (no {@code logback.xml} needed): one console appender, text on stderr
 * or JSON lines on stdout, the root level, quieter levels for chatty libraries, and java.util.logging routed in.
 *
 * <p>The {@code org.slf4j.simpleLogger.defaultLogLevel} and {@code org.slf4j.simpleLogger.log.<logger>} system
 * properties of the former backend are still honoured and win, so existing {@code -D} flags keep working.
 */
public final class LogbackSetup {

    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} [%thread] %level %logger{0} - %msg%n";
    private static final String LEGACY_PREFIX = "org.slf4j.simpleLogger.";
    private static final String LEGACY_DEFAULT = LEGACY_PREFIX + "defaultLogLevel";
    private static final String LEGACY_LOGGER = LEGACY_PREFIX + "log.";

    private LogbackSetup() {
    }

    /**
     * (Re)configures the Logback context slf4j is bound to. {@code level} is one of {@code LogLevels.LEVELS};
     * {@code connectorName} (may be null) is written as {@code connector} on every JSON line whose thread does not
     * name one itself. Does nothing when slf4j is bound to another backend (a connector author's test may choose
     * its own).
     */
    public static void apply(String level, LogFormat format, String connectorName) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            configure(context, level, format, connectorName);
        }
    }

    static void configure(LoggerContext context, String level, LogFormat format, String connectorName) {
        context.reset();
        routeJavaUtilLogging(context);
        if (connectorName != null) {
            context.putProperty(JsonLogLayout.CONNECTOR_PROPERTY, connectorName);
        }
        Layout<ILoggingEvent> layout;
        if (format == LogFormat.JSON) {
            layout = new JsonLogLayout();
        } else {
            PatternLayout pattern = new PatternLayout();
            pattern.setPattern(TEXT_PATTERN);
            layout = pattern;
        }
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget(format == LogFormat.JSON ? "System.out" : "System.err");
        // Flushed per event: a SIGKILLed pod must not lose the lines that explain why.
        console.setImmediateFlush(true);
        console.setEncoder(encoder);
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(console);
        Properties system = System.getProperties();
        root.setLevel(Level.toLevel(system.getProperty(LEGACY_DEFAULT, level), Level.INFO));
        libraryLevels(level).forEach((logger, value) -> context.getLogger(logger).setLevel(Level.toLevel(value)));
        for (String key : system.stringPropertyNames()) {
            if (key.startsWith(LEGACY_LOGGER)) {
                context.getLogger(key.substring(LEGACY_LOGGER.length()))
                        .setLevel(Level.toLevel(system.getProperty(key), null));
            }
        }
    }

    /**
     * gRPC (and libraries on commons-logging, which falls back to it) log through java.util.logging, whose console
     * handler would write its own two-line format to stderr: route it into Logback instead, and let Logback's levels
     * decide JUL's so that disabled records cost nothing.
     */
    private static void routeJavaUtilLogging(LoggerContext context) {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        propagator.start();
        context.addListener(propagator);
    }

    /** Levels of libraries whose info output is noise to a connector user. */
    private static Map<String, String> libraryLevels(String level) {
        String quietAtInfo = "info".equals(level) ? "warn" : level;
        Map<String, String> levels = new LinkedHashMap<>();
        // gRPC/Netty chatter at debug is rarely what a connector user wants.
        levels.put("io.grpc", quietAtInfo);
        levels.put("io.netty", "warn");
        // Debezium (source-postgres-cdc) warns once per change event while its lag statistics queue is full, i.e.
        // on every burst; the statistic is not exposed here, so only real errors are worth a line.
        levels.put("io.debezium.metrics.stats.MeasurementCollector", "error");
        // The JDK's own loggers (reached through java.util.logging) stay at info even when the runtime debugs: at
        // debug the JDK's HTTP client logs every request URL, query-string credentials included, and TLS internals.
        String jdkLevel = "trace".equals(level) || "debug".equals(level) ? "info" : level;
        for (String jdk : new String[] {"java", "javax", "jdk", "sun", "com.sun"}) {
            levels.put(jdk, jdkLevel);
        }
        // Delta Kernel, Hadoop and Parquet (sink-deltalake) log every snapshot load and commit at info.
        levels.put("io.delta", quietAtInfo);
        levels.put("org.apache.hadoop", quietAtInfo);
        levels.put("org.apache.parquet", quietAtInfo);
        return levels;
    }
}
