package com.danubemessaging.connect.connectors.kafka;

import java.util.Objects;

/** A password or key; its {@link #toString()} never shows the value, so it cannot leak into logs or errors. */
record Secret(String value) {

    Secret {
        Objects.requireNonNull(value, "value");
    }

    /** A secret, or null for a null or empty value. */
    static Secret ofNullable(String value) {
        return value == null || value.isEmpty() ? null : new Secret(value);
    }

    @Override
    public String toString() {
        return "[hidden]";
    }
}
