package com.danubemessaging.connect.api;

import java.util.List;

/**
 * A connector that reads an external system and publishes to Danube. The runtime calls, in order:
 * {@link #initialize}, {@link #producerConfigs}, then either {@link #poll} in a loop ({@link SourceMode#POLLING})
 * or {@link #startStreaming} once ({@link SourceMode#STREAMING}), {@link #commit} whenever records carrying
 * offsets are acknowledged by the broker, {@link #healthCheck} every {@code health_check_interval_ms}, and
 * {@link #shutdown} at the end. Calls come from one runtime thread, except that a streaming connector may call
 * its {@link SourceSender} from any thread, and {@link #commit} may come from another thread than
 * {@link #poll}.
 *
 * <p>Errors: throw {@link RetryableException} (the runtime backs off and polls again), {@link FatalException}
 * or {@link ConfigurationException} (the runtime stops). Records with bad content can be reported by throwing
 * {@link InvalidDataException} from {@link #poll}; the runtime counts them and goes on.
 *
 * <p>Delivery is at least once: a polled record's offset is passed to {@link #commit} only after the broker stored
 * the record (and every earlier record of its offset partition); a streamed record's {@link SourceSender#send}
 * completion completes only then. Records that can never be published (they cannot be encoded for their topic's
 * schema type, or the broker refuses their content) are dead-lettered or skipped, counted and logged; their
 * offsets are still committed, and a streamed record's completion fails with the reason.
 */
public interface SourceConnector {

    /** Reads the configuration ({@link ConnectorConfig#bind} gives the connector's own typed tables) and connects. */
    void initialize(ConnectorConfig config);

    /** The topics this source publishes to; must not be empty. Called once, after {@link #initialize}. */
    List<ProducerConfig> producerConfigs();

    /** Polling (default) or streaming. */
    default SourceMode mode() {
        return SourceMode.POLLING;
    }

    /**
     * Polling mode: the next records, or an empty list when there is nothing new (the runtime then waits
     * {@code poll_interval_ms}). Each record may carry an {@link Offset}.
     */
    default List<SourceRecord> poll() {
        throw new ConfigurationException("poll() is not implemented by " + getClass().getName()
                + "; implement it or return SourceMode.STREAMING from mode()");
    }

    /**
     * Streaming mode: start pushing records through {@code sender}, from this call or from threads the connector
     * starts. Called once, on its own thread; it may block until the runtime stops or return at once.
     */
    default void startStreaming(SourceSender sender) {
        throw new ConfigurationException("startStreaming() is not implemented by " + getClass().getName()
                + "; implement it or return SourceMode.POLLING from mode()");
    }

    /**
     * Offsets whose records (and all earlier records of the same offset partition) the broker has acknowledged.
     * At least once: after a crash the source resumes from its last committed offset.
     */
    default void commit(List<Offset> offsets) {
    }

    /** Releases external resources. Called once, last, also after a fatal error. */
    default void shutdown() {
    }

    /** Throws when the external system is unhealthy; {@code health_check_failure_threshold} failures in a row are fatal. */
    default void healthCheck() {
    }
}
