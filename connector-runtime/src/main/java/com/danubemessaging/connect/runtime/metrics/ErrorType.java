package com.danubemessaging.connect.runtime.metrics;

import java.util.Locale;

/**
 * The values of the {@code error_type} label of {@code danube_connector_messages_failed_total}, one per kind of
 * failure a connector or the runtime can meet (upstream used the Rust debug string of the error, which made one time
 * series per message text). Each failed message is counted once per kind, however often it is retried.
 */
public enum ErrorType {
    /** A fatal error stopped the runtime while it held the message. */
    FATAL,
    /** A failed connector health check (counted per check, not per message). */
    HEALTH_CHECK,
    /** A configuration error stopped the runtime while it held the message. */
    CONFIGURATION,
    /** The runtime could not encode the record for its topic's schema type. */
    SERIALIZATION,
    /** The connector or the broker refused the record's content; it is dead-lettered or skipped, never retried. */
    INVALID_DATA,
    /** A transient failure (external system or broker unavailable, a failed ack); the message is retried. */
    RETRYABLE;

    /** The label value: the name in lower snake case, e.g. {@code invalid_data}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
