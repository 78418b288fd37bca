package com.danubemessaging.connect.connectors.file;

import com.danubemessaging.connect.api.ConfigurationException;
import java.util.Locale;

/** How the file connectors map one line of a file to and from one Danube message. */
public enum FileFormat {
    /** A line is a string record; the sink writes the message as text. */
    TEXT,
    /** A line is one JSON document; the sink writes one JSON object per message (payload plus metadata). */
    JSON;

    /**
     * Parses the {@code format} key ({@code "text"} or {@code "json"}, case-insensitive); null means text.
     *
     * @throws ConfigurationException naming the key and the accepted values
     */
    static FileFormat parse(String key, String value) {
        if (value == null) {
            return TEXT;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> TEXT;
            case "json" -> JSON;
            default -> throw new ConfigurationException(key + ": must be \"text\" or \"json\" (got \"" + value + "\")");
        };
    }
}
