package com.danubemessaging.connect.client;

import io.grpc.Status;

/**
 * Failure of a Danube client operation. The message names the cause (invalid topic name, missing namespace,
 * dispatch-strategy mismatch, bad or expired token, unreachable broker, ...); {@link #code()} is the gRPC status
 * code the decision was based on.
 */
public class DanubeClientException extends RuntimeException {

    private final Status.Code code;

    public DanubeClientException(Status.Code code, String message) {
        this(code, message, null);
    }

    public DanubeClientException(Status.Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The gRPC status code behind this failure. */
    public Status.Code code() {
        return code;
    }

    /** True when trying again later may succeed (broker unavailable, overloaded, deadline exceeded). */
    public boolean isRetryable() {
        return StatusClassifier.isRetryable(code);
    }

    /**
     * True when the broker refused the caller rather than failed: PERMISSION_DENIED (an Exclusive subscription
     * held by another consumer name, an RBAC deny) or UNAUTHENTICATED. Retrying does not help until someone
     * changes the broker's state or the credentials.
     */
    public boolean isRefusal() {
        return code == Status.Code.PERMISSION_DENIED || code == Status.Code.UNAUTHENTICATED;
    }
}
