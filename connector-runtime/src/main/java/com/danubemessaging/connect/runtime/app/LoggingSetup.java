package com.danubemessaging.connect.runtime.app;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.runtime.config.LogLevels;
import com.danubemessaging.connect.runtime.config.RuntimeEnv;
import java.util.Map;
import java.util.Optional;

/**
 * Configures slf4j-simple before the first logger exists (it reads its system properties once). The level is
 * {@code LOG_LEVEL}, else {@code RUST_LOG}, else {@code [processing].log_level}; a {@code -D} property set on the
 * command line is left alone.
 */
final class LoggingSetup {

    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private LoggingSetup() {
    }

    /** The effective level, or a {@link ConfigurationException} naming the bad variable. */
    static String effectiveLevel(Map<String, String> env, String configLevel) {
        for (String variable : new String[] {RuntimeEnv.LOG_LEVEL, RuntimeEnv.RUST_LOG}) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                Optional<String> level = LogLevels.parse(value);
                if (level.isEmpty()) {
                    throw new ConfigurationException(variable + ": unknown level \"" + value + "\" (expected one of "
                            + String.join(", ", LogLevels.LEVELS) + ")");
                }
                return level.get();
            }
        }
        return configLevel;
    }

    static void apply(String level) {
        setDefault("defaultLogLevel", level);
        setDefault("logFile", "System.err");
        setDefault("showDateTime", "true");
        setDefault("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("showThreadName", "true");
        setDefault("levelInBrackets", "false");
        setDefault("showShortLogName", "true");
        // gRPC/Netty chatter at debug is rarely what a connector user wants.
        setDefault("log.io.grpc", "info".equals(level) ? "warn" : level);
        setDefault("log.io.netty", "warn");
        // Debezium (source-postgres-cdc) warns once per change event while its lag statistics queue is full, i.e.
        // on every burst; the statistic is not exposed here, so only real errors are worth a line.
        setDefault("log.io.debezium.metrics.stats.MeasurementCollector", "error");
        // Delta Kernel, Hadoop and Parquet (sink-deltalake) log every snapshot load and commit at info.
        String libraries = "info".equals(level) ? "warn" : level;
        setDefault("log.io.delta", libraries);
        setDefault("log.org.apache.hadoop", libraries);
        setDefault("log.org.apache.parquet", libraries);
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
