package com.danubemessaging.connect.api;

import java.util.Collection;

/**
 * The handle a streaming source pushes records through (see {@link SourceConnector#startStreaming}).
 * It is thread-safe. The runtime's queue behind it is bounded ({@code [processing] batch_size}), so
 * {@link #send} blocks while the runtime is behind: a fast source is slowed down instead of filling the heap.
 */
public interface SourceSender {

    /**
     * Hands one record to the runtime, waiting while the queue is full.
     *
     * @throws FatalException when the runtime has stopped (the record was not accepted)
     */
    void send(SourceRecord record);

    /** Sends the records in order; same blocking and errors as {@link #send}. */
    default void sendBatch(Collection<SourceRecord> records) {
        for (SourceRecord r : records) {
            send(r);
        }
    }

    /** True once the runtime stopped accepting records. */
    boolean isClosed();
}
