package com.danubemessaging.connect.api;

import java.util.List;

/**
 * A connector that consumes Danube topics and writes to an external system. The runtime calls
 * {@link #initialize}, {@link #consumerConfigs}, then {@link #processBatch} for batches of at most
 * {@code batch_size} records (or what arrived within {@code batch_timeout_ms}), {@link #healthCheck} every
 * {@code health_check_interval_ms}, and {@link #shutdown} at the end, all from one runtime thread.
 *
 * <p>A batch's messages are acknowledged only after {@link #processBatch} and then {@link #flush} returned
 * normally (Kafka Connect's put-and-flush model): a connector that buffers records inside {@code process} and
 * writes them later must write everything it holds in {@code flush}. Errors:
 * {@link RetryableException} (back off and retry, then nack so the broker redelivers),
 * {@link InvalidDataException} (the runtime retries the batch record by record to find the bad ones, then
 * nacks or dead-letters them), {@link FatalException} (stop, nothing unprocessed acknowledged).
 */
public interface SinkConnector {

    /** Reads the configuration ({@link ConnectorConfig#bind} gives the connector's own typed tables) and connects. */
    void initialize(ConnectorConfig config);

    /** The topics this sink consumes; must not be empty. Called once, after {@link #initialize}. */
    List<ConsumerConfig> consumerConfigs();

    /** Writes one record. Implement this or {@link #processBatch}. */
    default void process(SinkRecord record) {
        throw new ConfigurationException("neither process() nor processBatch() is implemented by "
                + getClass().getName());
    }

    /** Writes a batch; must be all-or-nothing or idempotent, as a failed batch is retried. Defaults to {@link #process} per record. */
    default void processBatch(List<SinkRecord> records) {
        for (SinkRecord r : records) {
            process(r);
        }
    }

    /**
     * Writes everything handed over by {@link #process} / {@link #processBatch} and not yet durable in the
     * external system. The runtime acknowledges those records to Danube only after this returns, and calls it
     * when {@code batch_size} or {@code batch_timeout_ms} is reached and before stopping. Throw as from
     * {@link #processBatch}; a failed flush means none of the records since the last successful flush are
     * acknowledged, so they are handed over again. Defaults to nothing, for connectors that write in
     * {@code process}.
     */
    default void flush() {
    }

    /** Releases external resources after the last batch was flushed. Called once, last, also after a fatal error. */
    default void shutdown() {
    }

    /** Throws when the external system is unhealthy; {@code health_check_failure_threshold} failures in a row are fatal. */
    default void healthCheck() {
    }
}
