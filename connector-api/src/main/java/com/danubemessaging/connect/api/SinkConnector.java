package com.danubemessaging.connect.api;

import java.util.List;

/**
 * A connector that consumes Danube topics and writes to an external system. The runtime calls
 * {@link #initialize}, {@link #consumerConfigs}, then {@link #processBatch} and {@link #flush} for batches of at
 * most {@code batch_size} records (handed over when the batch is full, when {@code batch_timeout_ms} has passed,
 * or as soon as no message arrived for 20 ms), {@link #healthCheck} every {@code health_check_interval_ms}, and
 * {@link #shutdown} at the end, all from one runtime thread.
 *
 * <p>Delivery is Kafka Connect's put-and-flush model: a message is acknowledged to Danube only after it was handed
 * to {@link #process} / {@link #processBatch} <em>and a later {@link #flush} returned normally</em>. A connector
 * that buffers records inside {@code process} and writes them later must write everything it holds in
 * {@code flush}; then a crash or a stop loses nothing, because what was not flushed was not acknowledged and the
 * broker delivers it again.
 *
 * <p>Errors, thrown from {@code process}, {@code processBatch} or {@code flush}:
 * <ul>
 *   <li>{@link RetryableException} (or any other RuntimeException): nothing of the batch is acknowledged; it is
 *       handed over again after the {@code [retry]} back-off ({@code retry_backoff_ms} doubling up to
 *       {@code max_backoff_ms}), for as long as it takes. After {@code max_retries} failures in a row the runtime
 *       reports itself not ready ({@code /health/ready} 503 with the reason) and keeps retrying; the first success
 *       makes it ready again. A connector should drop what it buffered when its write fails, since everything is
 *       handed over again.</li>
 *   <li>{@link InvalidDataException}: the runtime hands the batch over again record by record to find the bad ones.
 *       Each bad record is counted ({@code error_type="invalid_data"}) and sent to {@code dead_letter_topic} when
 *       one is set, otherwise logged at WARN with its message id; either way it is acknowledged, never nacked, so
 *       it cannot stall the subscription.</li>
 *   <li>{@link FatalException}, {@link ConfigurationException}: the runtime stops; nothing unwritten is
 *       acknowledged.</li>
 * </ul>
 * The runtime never nacks: on Danube a message nacked again and again ends, under the default poison policy
 * (Block), by halting the whole subscription.
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

    /**
     * Writes a batch, or buffers it until {@link #flush}; must be all-or-nothing or idempotent, as a failed batch is
     * handed over again. Defaults to {@link #process} per record.
     */
    default void processBatch(List<SinkRecord> records) {
        for (SinkRecord r : records) {
            process(r);
        }
    }

    /**
     * Writes everything handed over by {@link #process} / {@link #processBatch} and not yet durable in the
     * external system. The runtime acknowledges those records to Danube only after this returns. It calls it after
     * each batch it hands over, so whenever {@code batch_size} or {@code batch_timeout_ms} is reached, and so
     * before stopping. Throw as from {@link #processBatch}; a failed flush means none of the records since the last
     * successful flush are acknowledged, and they are handed over again. Defaults to nothing, for connectors that
     * write in {@code process}.
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
