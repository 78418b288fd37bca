package com.danubemessaging.connect.runtime.app;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.runtime.config.LogLevels;
import com.danubemessaging.connect.runtime.config.RuntimeEnv;
import com.danubemessaging.connect.runtime.logging.LogFormat;
import com.danubemessaging.connect.runtime.logging.LogbackSetup;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the runnable's logging settings and configures Logback with them. The level is {@code LOG_LEVEL}, else
 * {@code RUST_LOG}, else {@code [processing].log_level}; the format is {@code LOG_FORMAT} ({@code text} by
 * default, {@code json} for log pipelines). Bad values are configuration errors (exit 2) like any other.
 */
final class LoggingSetup {

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

    /** The {@code LOG_FORMAT}, text when unset, or a {@link ConfigurationException} for an unknown one. */
    static LogFormat format(Map<String, String> env) {
        String value = env.get(RuntimeEnv.LOG_FORMAT);
        if (value == null || value.isBlank()) {
            return LogFormat.TEXT;
        }
        return LogFormat.parse(value).orElseThrow(() -> new ConfigurationException(RuntimeEnv.LOG_FORMAT
                + ": unknown format \"" + value + "\" (expected text or json)"));
    }

    static void apply(String level, LogFormat format, String connectorName) {
        LogbackSetup.apply(level, format, connectorName);
    }
}
