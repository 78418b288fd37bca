package com.danubemessaging.connect.api;

/**
 * One record cannot be processed because of its content (not parseable, fails validation).
 * Retrying would not help. The runtime counts it ({@code error_type="invalid_data"}), logs it at WARN and sends the
 * offending payload to {@code [processing] dead_letter_topic} when one is set; a sink then acknowledges the message
 * (it never nacks it, which could stall the subscription), a source skips the record and fails its completion.
 */
public class InvalidDataException extends ConnectorException {
    private static final long serialVersionUID = 1L;

    private final byte[] payload;

    public InvalidDataException(String message, byte[] payload) {
        super(message);
        this.payload = payload == null ? new byte[0] : payload.clone();
    }

    public InvalidDataException(String message, byte[] payload, Throwable cause) {
        super(message, cause);
        this.payload = payload == null ? new byte[0] : payload.clone();
    }

    /** The offending payload, as received or produced (never null). */
    public byte[] payload() {
        return payload.clone();
    }
}
