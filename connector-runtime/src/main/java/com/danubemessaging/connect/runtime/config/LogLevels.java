package com.danubemessaging.connect.runtime.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a log level written the Rust way ({@code RUST_LOG} / tracing {@code EnvFilter} syntax) and maps it to an
 * Logback level. A plain level ({@code "debug"}) is used as is; in a directive list such as
 * {@code "info,danube_connect_core=debug"} the bare level counts and the per-target directives, which name Rust
 * crates, are ignored.
 */
public final class LogLevels {

    /** The levels the runtime understands, lowest first. */
    public static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");

    private LogLevels() {
    }

    /** The level for {@code value}, or empty when it holds no recognisable level. */
    public static Optional<String> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String bareLevel = null;
        boolean anyDirective = false;
        for (String directive : value.split(",")) {
            String trimmed = directive.trim().toLowerCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.lastIndexOf('=');
            String level = normalise(equals < 0 ? trimmed : trimmed.substring(equals + 1));
            if (level == null) {
                return Optional.empty();
            }
            anyDirective = true;
            if (equals < 0 && bareLevel == null) {
                bareLevel = level;
            }
        }
        if (bareLevel != null) {
            return Optional.of(bareLevel);
        }
        // Only per-target directives: those name Rust crates; keep the default level.
        return anyDirective ? Optional.of("info") : Optional.empty();
    }

    private static String normalise(String level) {
        return switch (level) {
            case "warning" -> "warn";
            case "trace", "debug", "info", "warn", "error", "off" -> level;
            default -> null;
        };
    }
}
