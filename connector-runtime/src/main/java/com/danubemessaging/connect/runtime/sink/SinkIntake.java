package com.danubemessaging.connect.runtime.sink;

import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.client.Consumer;
import com.danubemessaging.connect.client.ReceivedMessage;
import com.danubemessaging.connect.runtime.logging.LogContext;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls messages from every consumer on its own thread into one bounded queue, so messages reach the batch loop
 * as they arrive (no fixed sleep) and a slow sink back-pressures the consumers' receive buffers.
 */
final class SinkIntake implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SinkIntake.class);
    private static final Duration RECEIVE_WAIT = Duration.ofMillis(100);

    private final BlockingQueue<Delivery> queue;
    private final List<Thread> threads = new ArrayList<>();
    private final ConnectorMetrics metrics;
    private final int receiveMax;
    private volatile boolean closed;

    SinkIntake(Map<ConsumerConfig, Consumer> consumers, int batchSize, ConnectorMetrics metrics) {
        this.queue = new ArrayBlockingQueue<>(Math.max(1, batchSize));
        this.metrics = metrics;
        this.receiveMax = Math.max(1, batchSize);
        consumers.forEach((config, consumer) -> {
            Thread t = new Thread(() -> {
                // Everything this thread logs is about its one topic.
                try (var topicContext = LogContext.topic(config.topic())) {
                    pump(config, consumer);
                }
            }, "sink-intake-" + config.topic());
            t.setDaemon(true);
            threads.add(t);
        });
    }

    void start() {
        threads.forEach(Thread::start);
    }

    /** Next delivery, waiting up to {@code wait}; null when none arrived. */
    Delivery poll(Duration wait) throws InterruptedException {
        return queue.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Moves up to {@code max} queued deliveries into {@code into} without waiting. */
    int drainTo(List<Delivery> into, int max) {
        return queue.drainTo(into, max);
    }

    private void pump(ConsumerConfig config, Consumer consumer) {
        while (!closed) {
            List<ReceivedMessage> messages;
            try {
                messages = consumer.receiveBatch(receiveMax, RECEIVE_WAIT);
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("Receiving from {} failed: {}", config.topic(), e.getMessage());
                sleepQuietly(RECEIVE_WAIT);
                continue;
            }
            metrics.messagesReceived(config.topic(), messages.size());
            metrics.inflightChanged(config.topic(), messages.size());
            for (ReceivedMessage m : messages) {
                if (!put(new Delivery(consumer, config, m))) {
                    // intake closed: the message is neither acked nor nacked, the broker redelivers it
                    metrics.inflightChanged(config.topic(), -1);
                }
            }
        }
    }

    private boolean put(Delivery d) {
        try {
            while (!closed) {
                if (queue.offer(d, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the intake threads; what is already queued stays for a final drain. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
