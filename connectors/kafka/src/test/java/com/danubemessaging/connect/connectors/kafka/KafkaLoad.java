package com.danubemessaging.connect.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records {@code id-0, id-1, …} to a Kafka topic on its own thread, keyed {@code key-(i % keys)}, at about
 * {@code perSecond} records per second, until {@link #stop()}: records keep flowing before, during and after a
 * fault, whatever the machine's speed, so the fault always hits mid-stream.
 */
final class KafkaLoad {
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopping;

    private KafkaLoad() {
    }

    static KafkaLoad start(KafkaTestBroker kafka, String topic, int keys, int perSecond) {
        KafkaLoad load = new KafkaLoad();
        Thread t = new Thread(() -> load.run(kafka, topic, keys, perSecond), "kafka-load-" + topic);
        t.setDaemon(true);
        t.start();
        return load;
    }

    private void run(KafkaTestBroker kafka, String topic, int keys, int perSecond) {
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = 0; !stopping && failure.get() == null; i++) {
                String id = "id-" + i;
                producer.send(new ProducerRecord<>(topic, bytes("key-" + (i % keys)), bytes(id)), (meta, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        acknowledged.add(id);
                    }
                });
                long wait = start + (long) ((i + 1) * 1e9 / perSecond) - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            producer.flush();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        } finally {
            finished.countDown();
        }
    }

    /** Records Kafka has acknowledged so far. */
    int acknowledgedCount() {
        return acknowledged.size();
    }

    /** Stops writing; returns every id Kafka acknowledged. */
    Set<String> stop() throws Exception {
        stopping = true;
        if (!finished.await(45, TimeUnit.SECONDS)) {
            throw new AssertionError("the Kafka load did not stop");
        }
        if (failure.get() != null) {
            throw new AssertionError("writing to Kafka failed", failure.get());
        }
        return Set.copyOf(acknowledged);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
