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
     * is stored), and exceptionally when the record will never be published: it was invalid (it cannot be encoded
     * for its topic's schema type, or the broker refused its content) and was skipped or dead-lettered
     * ({@link InvalidDataException}), or the runtime stopped or failed before it could publish it
     * ({@link FatalException}). Every accepted record's stage settles, one way or the other, also on a stop or a
     * fatal error. Acknowledge the external system (an MQTT PUBACK, an HTTP 200) only from a normal completion;
     * after an exceptional one, let the external system deliver again (no PUBACK, an HTTP 5xx). Callbacks of
     * dependent stages see the reason wrapped in a {@link java.util.concurrent.CompletionException}.
     *
     * <p>Callbacks run on the runtime's thread: keep them short, never block in them and never call {@code send}
     * from them (it throws {@link IllegalStateException} there, since waiting for queue room on the thread that
     * empties the queue would never end).
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
