package com.danubemessaging.connect.api;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The handle a streaming source pushes records through (see {@link SourceConnector#startStreaming}).
 * It is thread-safe. The runtime's queue behind it is bounded ({@code [processing] batch_size}), so
 * {@link #send} blocks while the runtime is behind: a fast source is slowed down instead of filling the heap.
 */
public interface SourceSender {

    /**
     * Hands one record to the runtime, waiting while the queue is full.
     *
     * <p>The returned stage completes normally once the broker acknowledged the record (on a reliable topic: it
     * is stored), and exceptionally when the record will never be published: it was invalid and skipped or
     * dead-lettered, or the runtime stopped or failed before it could publish it. Acknowledge the external
     * system (an MQTT PUBACK, an HTTP 200) only from a normal completion. Callbacks run on a runtime thread:
     * keep them short and never block in them.
     *
     * @return the publication of this record
     * @throws FatalException when the runtime has stopped (the record was not accepted)
     */
    CompletionStage<Void> send(SourceRecord record);

    /**
     * Sends the records in order; same blocking and errors as {@link #send}.
     *
     * @return a stage that completes once every record was published, or fails with the first failure
     */
    default CompletionStage<Void> sendBatch(Collection<SourceRecord> records) {
        List<CompletableFuture<Void>> all = records.stream().map(r -> send(r).toCompletableFuture()).toList();
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** True once the runtime stopped accepting records. */
    boolean isClosed();
}
