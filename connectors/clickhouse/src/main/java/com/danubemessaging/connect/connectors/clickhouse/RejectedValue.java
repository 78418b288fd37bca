package com.danubemessaging.connect.connectors.clickhouse;

/** A value the column cannot hold; the message says why (the caller adds the route, column and message id). */
final class RejectedValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RejectedValue(String reason) {
        super(reason, null, false, false);
    }
}
