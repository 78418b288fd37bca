package com.danubemessaging.connect.connectors;

import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Watches a sink's subscription while a test runs and records every moment the broker had more messages acked than
 * the external system held: an ack before the write was durable. The acked count is read before the durable count,
 * and both only grow, so an honest sink never shows up here.
 */
public final class AckWatch implements AutoCloseable {
    private final DanubeTestBroker broker;
    private final String topic;
    private final String subscription;
    private final LongSupplier durable;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long samples;

    /**
     * @param durable how many distinct messages the external system holds (rows in the table, ids the endpoint
     *                accepted)
     */
    public AckWatch(DanubeTestBroker broker, String topic, String subscription, LongSupplier durable) {
        this.broker = broker;
        this.topic = topic;
        this.subscription = subscription;
        this.durable = durable;
        this.sampler = new Thread(this::sample, "ack-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (running) {
            long acked = broker.ackedCount(topic, subscription);
            long held = durable.getAsLong();
            if (acked > held) {
                violations.add(acked + " acked while the external system held " + held);
            }
            samples++;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The moments an ack ran ahead of the write (empty for a correct sink). */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    public long samples() {
        return samples;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join(2_000);
    }
}
