package com.danubemessaging.connect.connectors.kafka;

import com.danubemessaging.connect.api.ConfigurationException;
import java.util.Locale;

/** How the value of a Kafka record becomes the payload of a Danube message ({@code payload_format}). */
public enum PayloadFormat {
    /** The value's bytes, unchanged (the default: a Kafka record and a Danube message are both bytes). */
    BYTES,
    /** The value is parsed as one JSON document; a value that is not JSON is invalid data. */
    JSON,
    /** The value is decoded as UTF-8 text into a string record; bytes that are not UTF-8 are invalid data. */
    STRING;

    /**
     * Parses {@code "bytes"}, {@code "json"} or {@code "string"} (case-insensitive); null means bytes.
     *
     * @throws ConfigurationException naming the key and the accepted values
     */
    static PayloadFormat parse(String key, String value) {
        if (value == null) {
            return BYTES;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "bytes" -> BYTES;
            case "json" -> JSON;
            case "string" -> STRING;
            default -> throw new ConfigurationException(key + ": must be \"bytes\", \"json\" or \"string\" (got \""
                    + value + "\")");
        };
    }
}
