package com.danubemessaging.connect.connectors.common;

/** A value a column cannot hold; the message says why (the caller adds the route, the column and the message id). */
public final class RejectedValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RejectedValue(String reason) {
        super(reason, null, false, false);
    }
}
