package com.danubemessaging.connect.client;

import java.util.Objects;

/**
 * Which version of a registered schema subject a producer uses: the latest, an exact (pinned) version, or the latest
 * provided it is at least a minimum version.
 */
public record SchemaRef(String subject, Mode mode, int version) {

    /** How {@link #version()} is interpreted. */
    public enum Mode { LATEST, PINNED, MINIMUM }

    public SchemaRef {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(mode, "mode");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("schema subject must not be blank");
        }
        if (mode != Mode.LATEST && version < 1) {
            throw new IllegalArgumentException("schema version must be >= 1, got " + version);
        }
    }

    public static SchemaRef latest(String subject) {
        return new SchemaRef(subject, Mode.LATEST, 0);
    }

    public static SchemaRef pinned(String subject, int version) {
        return new SchemaRef(subject, Mode.PINNED, version);
    }

    public static SchemaRef minimum(String subject, int version) {
        return new SchemaRef(subject, Mode.MINIMUM, version);
    }
}
