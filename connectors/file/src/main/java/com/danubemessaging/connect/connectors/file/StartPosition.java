package com.danubemessaging.connect.connectors.file;

import com.danubemessaging.connect.api.ConfigurationException;
import java.util.Locale;

/** Where {@code source-file} starts reading when there is no committed offset yet. */
public enum StartPosition {
    /** Read the whole file. */
    BEGINNING,
    /** Skip what the file holds at start; only lines appended later are sent. */
    END;

    static StartPosition parse(String key, String value) {
        if (value == null) {
            return BEGINNING;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "beginning" -> BEGINNING;
            case "end" -> END;
            default -> throw new ConfigurationException(key + ": must be \"beginning\" or \"end\" (got \"" + value
                    + "\")");
        };
    }
}
