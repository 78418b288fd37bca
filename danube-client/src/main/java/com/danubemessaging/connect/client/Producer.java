package com.danubemessaging.connect.client;

import java.util.concurrent.CompletableFuture;

/**
 * Publishes messages to a Danube topic (all partitions of it when partitioned). A returned future completes only when
 * the broker acknowledged the message, i.e. stored it, or when the send finally failed. Delivery is at-least-once.
 *
 * <p><b>Order within a partition.</b> The client starts the sends of a partition strictly in the order of the
 * {@code send}/{@code sendAsync} calls, on one HTTP/2 connection. Each send is its own unary {@code SendMessage} RPC,
 * and the Danube broker (tonic on hyper) runs every request as its own task, so requests that are in flight at the
 * same time can be stored in another order than they were started. With the window {@code n} set by
 * {@link ProducerBuilder#maxInFlight(int)}:
 * <ul>
 *   <li>{@code n = 1}: strict order. A message is sent only after the previous one was acknowledged; a failed send
 *       is retried before anything later is sent.</li>
 *   <li>{@code n > 1}: bounded order. A message is sent only after every message at least {@code n} positions before
 *       it was acknowledged, so it is never stored ahead of those; neighbours less than {@code n} apart may be stored
 *       swapped. After a failed send, that message and every later one that was in flight are sent again
 *       (go-back-N), which adds duplicates.</li>
 * </ul>
 * A message whose send fails for good (a non-retryable error) completes its future exceptionally and the later
 * messages carry on.
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
