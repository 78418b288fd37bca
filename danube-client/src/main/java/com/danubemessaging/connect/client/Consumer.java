package com.danubemessaging.connect.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Receives messages from a Danube subscription (one stream per partition), buffering at most the configured number
 * of messages locally; when the buffer is full the streams stop asking the broker for more.
 */
public interface Consumer extends AutoCloseable {

    /** The next message, or null if none arrived within {@code timeout}. */
    ReceivedMessage receive(Duration timeout);

    /** Whatever arrived, up to {@code max} messages, waiting at most {@code maxWait} for the first one. */
    List<ReceivedMessage> receiveBatch(int max, Duration maxWait);

    /** Acknowledges the message under this consumer's subscription. */
    CompletableFuture<Void> ack(ReceivedMessage message);

    /** Negatively acknowledges the message; the broker redelivers it after (at least) {@code delay}. */
    CompletableFuture<Void> nack(ReceivedMessage message, Duration delay, String reason);

    @Override
    void close();

    /**
     * True once this client has subscribed every partition and opened its stream. The broker registers a stream a
     * moment after the client opens it, and non-reliable topics drop what arrives while a subscription has no
     * registered stream, so a message published right at that moment can still miss this consumer.
     */
    default boolean isReady() {
        return true;
    }

    /** The last error seen while (re)subscribing in the background, if the consumer is not ready because of it. */
    default Optional<DanubeClientException> lastError() {
        return Optional.empty();
    }

    /**
     * The broker's refusal, when that is why this consumer is not ready: its Subscribe or stream was denied
     * ({@link DanubeClientException#isRefusal()}), e.g. "the Exclusive subscription can't be shared with other
     * consumers" or an RBAC deny. The consumer keeps trying in the background; an application that cannot run
     * without it should stop with this reason.
     */
    default Optional<DanubeClientException> refusal() {
        return lastError().filter(DanubeClientException::isRefusal);
    }
}
