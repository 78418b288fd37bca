package com.danubemessaging.connect.operator.render;

/**
 * The spec cannot be rendered into Kubernetes objects. The message names the offending field and says how to fix it;
 * it ends up in the {@code SpecValid} condition and a Warning event, so it must never contain secret values.
 */
public class InvalidSpecException extends RuntimeException {

    private final String reason;

    public InvalidSpecException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** CamelCase condition reason, e.g. {@code SecretNotFound}. */
    public String reason() {
        return reason;
    }
}
