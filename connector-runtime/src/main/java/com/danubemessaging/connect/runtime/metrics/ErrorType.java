package com.danubemessaging.connect.runtime.metrics;

import java.util.Locale;

/**
 * The bounded values of the {@code error_type} label of {@code danube_connector_messages_failed_total}.
 * Upstream used the Rust debug string of the error, which made one time series per message text.
 */
public enum ErrorType {
    RETRYABLE,
    FATAL,
    INVALID_DATA,
    CONFIGURATION,
    SERIALIZATION,
    SEND_FAILURE,
    ACK_FAILURE,
    NACK_FAILURE,
    DEAD_LETTER,
    HEALTH_CHECK;

    /** The label value: the name in lower snake case, e.g. {@code invalid_data}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
