package com.danubemessaging.connect.client;

import java.util.concurrent.CompletableFuture;

/**
 * Publishes messages to a Danube topic (all partitions of it when partitioned). Sends are pipelined up to the
 * producer's in-flight window; order is kept within a partition and a returned future completes only when the broker
 * acknowledged the message (or the send finally failed).
 */
public interface Producer extends AutoCloseable {

    /** Queues a message; blocks only while the in-flight window is full. */
    CompletableFuture<MessageId> sendAsync(OutgoingMessage message);

    /** Sends and waits for the broker's acknowledgement; throws {@link DanubeClientException} on failure. */
    MessageId send(OutgoingMessage message);

    /** Waits until every message queued before this call is acknowledged or failed. */
    void flush();

    /** Flushes, then stops the producer. */
    @Override
    void close();

    /** The logical (base) topic. */
    String topic();

    /** 0 for a non-partitioned topic, else the number of partitions. */
    int partitionCount();
}
