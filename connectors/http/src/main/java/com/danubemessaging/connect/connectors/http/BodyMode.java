package com.danubemessaging.connect.connectors.http;

import com.danubemessaging.connect.api.ConfigurationException;
import java.util.Locale;

/** What one request carries. */
enum BodyMode {
    /** One request per message; the body is the message payload as it was published. */
    RECORD,
    /** One request per route and batch; the body is a JSON array with one element per message. */
    ARRAY;

    /**
     * Parses {@code mode}; null gives {@code fallback}.
     *
     * @throws ConfigurationException naming the key and the accepted values
     */
    static BodyMode parse(String value, String key, BodyMode fallback) {
        if (value == null) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "record" -> RECORD;
            case "array" -> ARRAY;
            default -> throw new ConfigurationException(key + ": must be \"record\" or \"array\" (got \"" + value
                    + "\")");
        };
    }
}
