package com.danubemessaging.connect.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A source position: which source partition (a file, a table, an MQTT topic …) and how far into it.
 * A source attaches an offset to the records it emits; the runtime passes it back to
 * {@link SourceConnector#commit(java.util.List)} only after the broker acknowledged every record it
 * covers, and every earlier record of the same partition.
 *
 * @param partition the source partition, never null
 * @param value     the position within the partition
 * @param metadata  optional free text (e.g. a file name or a cursor), may be null
 */
public record Offset(String partition, long value, String metadata) {

    public Offset {
        Objects.requireNonNull(partition, "partition");
    }

    /** An offset without metadata. */
    public static Offset of(String partition, long value) {
        return new Offset(partition, value, null);
    }

    /** An offset with metadata. */
    public static Offset of(String partition, long value, String metadata) {
        return new Offset(partition, value, metadata);
    }

    /** The metadata, if any. */
    public Optional<String> metadataIfPresent() {
        return Optional.ofNullable(metadata);
    }
}
