package com.danubemessaging.connect.testkit;

import com.danubemessaging.connect.proto.StreamMessage;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer of one subscription, and its current ReceiveMessages stream. Only touched under the broker lock.
 */
final class ConsumerEntry {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerEntry.class);

    /** Non-reliable messages waiting for the client to read; beyond this they are dropped (at-most-once). */
    static final int NON_RELIABLE_BUFFER = 1024;

    final long id;
    final String name;
    final Subscription subscription;
    KeyFilter keyFilter;
    List<String> keyFilterGlobs;
    /** False once the client disconnected; health checks then answer CLOSE. */
    boolean active = true;
    ServerCallStreamObserver<StreamMessage> stream;
    final ArrayDeque<StreamMessage> nonReliableQueue = new ArrayDeque<>();
    long delivered;
    long dropped;
    /** Reliable KeyShared: consecutive watchdog ticks without a stream, and whether that got it evicted. */
    int inactiveTicks;
    boolean evictedFromRing;

    ConsumerEntry(long id, String name, Subscription subscription, List<String> keyFilterGlobs) {
        this.id = id;
        this.name = name;
        this.subscription = subscription;
        setKeyFilters(keyFilterGlobs);
    }

    void setKeyFilters(List<String> globs) {
        this.keyFilterGlobs = List.copyOf(globs);
        this.keyFilter = new KeyFilter(globs);
    }

    boolean connected() {
        return stream != null;
    }

    boolean ready() {
        return stream != null && stream.isReady();
    }

    /**
     * Sends one message on the open stream. When the send fails the stream is dropped and the consumer is
     * inactive, as after a client disconnect; the caller gives its in-flight messages to others.
     */
    boolean send(StreamMessage message) {
        try {
            stream.onNext(message);
            delivered++;
            return true;
        } catch (RuntimeException e) {
            LOG.debug("send to consumer {} failed: {}", name, e.toString());
            stream = null;
            active = false;
            return false;
        }
    }

    void enqueueNonReliable(StreamMessage message) {
        if (nonReliableQueue.size() >= NON_RELIABLE_BUFFER) {
            dropped++;
            return;
        }
        nonReliableQueue.add(message);
    }

    void drainNonReliable() {
        while (ready() && !nonReliableQueue.isEmpty()) {
            if (!send(nonReliableQueue.poll())) {
                return;
            }
        }
    }

    /** Ends the current stream from the server side with {@code status}. */
    void endStream(Status status) {
        ServerCallStreamObserver<StreamMessage> current = stream;
        stream = null;
        if (current != null) {
            try {
                current.onError(status.asRuntimeException());
            } catch (RuntimeException e) {
                LOG.debug("closing stream of consumer {}: {}", name, e.toString());
            }
        }
    }
}
