package com.danubemessaging.connect.api;

/**
 * A permanent failure: the runtime stops intake, acknowledges or commits only what was fully
 * processed, shuts the connector down and ends with this error (the runnable writes its message to
 * the termination log and exits non-zero).
 */
public class FatalException extends ConnectorException {
    private static final long serialVersionUID = 1L;

    public FatalException(String message) {
        super(message);
    }

    public FatalException(String message, Throwable cause) {
        super(message, cause);
    }
}
