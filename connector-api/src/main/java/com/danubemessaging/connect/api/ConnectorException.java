package com.danubemessaging.connect.api;

/**
 * Base of every error a connector reports to the runtime. Unchecked, so connector methods need no
 * {@code throws} clauses; the subclass tells the runtime how to react:
 * <ul>
 *   <li>{@link RetryableException}: transient, the runtime backs off and retries;</li>
 *   <li>{@link InvalidDataException}: one record is bad, the runtime counts it and dead-letters or skips it (a sink acknowledges it, never nacks);</li>
 *   <li>{@link FatalException}: the runtime stops in order and the process exits non-zero;</li>
 *   <li>{@link ConfigurationException}: the configuration is wrong; fatal at start.</li>
 * </ul>
 * Any other {@link RuntimeException} thrown by a connector is treated like a {@link RetryableException}.
 */
public class ConnectorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConnectorException(String message) {
        super(message);
    }

    public ConnectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
