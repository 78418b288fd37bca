package com.danubemessaging.connect.client;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A message to publish: payload, attributes and an optional routing key (used for partition and KeyShared routing). */
public final class OutgoingMessage {

    private final byte[] payload;
    private final Map<String, String> attributes;
    private final String key;

    private OutgoingMessage(byte[] payload, Map<String, String> attributes, String key) {
        this.payload = payload;
        this.attributes = attributes;
        this.key = key;
    }

    public static OutgoingMessage of(byte[] payload) {
        return new OutgoingMessage(Objects.requireNonNull(payload, "payload"), Map.of(), null);
    }

    /** Returns a copy with these attributes (replacing earlier ones). */
    public OutgoingMessage attributes(Map<String, String> attrs) {
        return new OutgoingMessage(payload, Map.copyOf(Objects.requireNonNull(attrs, "attributes")), key);
    }

    /** Returns a copy with this routing key; {@code null} removes it. */
    public OutgoingMessage key(String routingKey) {
        return new OutgoingMessage(payload, attributes, routingKey);
    }

    public byte[] payload() {
        return payload;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    public Optional<String> key() {
        return Optional.ofNullable(key);
    }
}
