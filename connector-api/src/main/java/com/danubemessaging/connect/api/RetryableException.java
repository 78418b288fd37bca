package com.danubemessaging.connect.api;

/**
 * A transient failure (network blip, external system busy). The runtime backs off with the
 * {@code [retry]} settings ({@code retry_backoff_ms * 2^(n-1)}, capped at {@code max_backoff_ms}, with jitter)
 * and tries the same work again; nothing is dropped.
 */
public class RetryableException extends ConnectorException {
    private static final long serialVersionUID = 1L;

    public RetryableException(String message) {
        super(message);
    }

    public RetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
