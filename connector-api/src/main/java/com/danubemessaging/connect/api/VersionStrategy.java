package com.danubemessaging.connect.api;

import java.util.Objects;

/**
 * {@code [[schemas]] version_strategy}: which registered version of a subject a producer uses.
 * In TOML: {@code "latest"} (default), {@code { pinned = N }} or {@code { minimum = N }}.
 *
 * @param kind    latest, pinned or minimum
 * @param version the version for {@link Kind#PINNED} and {@link Kind#MINIMUM}; 0 for {@link Kind#LATEST}
 */
public record VersionStrategy(Kind kind, int version) {

    /** The three strategies of danube-connect-core. */
    public enum Kind { LATEST, PINNED, MINIMUM }

    private static final VersionStrategy LATEST = new VersionStrategy(Kind.LATEST, 0);

    public VersionStrategy {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.LATEST && version != 0) {
            throw new IllegalArgumentException("latest takes no version (got " + version + ")");
        }
        if (kind != Kind.LATEST && version < 1) {
            throw new IllegalArgumentException(kind.name().toLowerCase() + " version must be >= 1 (got " + version + ")");
        }
    }

    public static VersionStrategy latest() {
        return LATEST;
    }

    public static VersionStrategy pinned(int version) {
        return new VersionStrategy(Kind.PINNED, version);
    }

    public static VersionStrategy minimum(int version) {
        return new VersionStrategy(Kind.MINIMUM, version);
    }

    @Override
    public String toString() {
        return kind == Kind.LATEST ? "latest" : "{ " + kind.name().toLowerCase() + " = " + version + " }";
    }
}
