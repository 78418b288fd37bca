package com.danubemessaging.connect.runtime.logging;

import java.util.Locale;
import java.util.Optional;

/** How the runtime writes its log ({@code LOG_FORMAT}). */
public enum LogFormat {
    /** One human-readable line per event on stderr: the default, for local runs. */
    TEXT,
    /** One JSON object per line on stdout, for cluster log pipelines (Fluent Bit, Vector, Loki, ...). */
    JSON;

    /** The format named by {@code value} ({@code text} or {@code json}, any case), or empty when it names none. */
    public static Optional<LogFormat> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> Optional.of(TEXT);
            case "json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }
}
