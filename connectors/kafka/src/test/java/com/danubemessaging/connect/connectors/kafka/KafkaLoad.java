package com.danubemessaging.connect.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes {@code count} records {@code id-0 … id-(count-1)} to a Kafka topic on its own thread, keyed
 * {@code key-(i % keys)}, at about {@code perSecond} records per second, so a fault can hit while records still flow.
 */
final class KafkaLoad {
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final int count;

    private KafkaLoad(int count) {
        this.count = count;
    }

    static KafkaLoad start(KafkaTestBroker kafka, String topic, int count, int keys, int perSecond) {
        KafkaLoad load = new KafkaLoad(count);
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
                for (int i = 0; i < count && !load.done.isDone(); i++) {
                    producer.send(new ProducerRecord<>(topic, bytes("key-" + (i % keys)), bytes(id(i))),
                            (metadata, error) -> {
                                if (error != null) {
                                    load.done.completeExceptionally(error);
                                } else {
                                    load.sent.incrementAndGet();
                                }
                            });
                    long due = start + (long) ((i + 1) * 1e9 / perSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                producer.flush();
                load.done.complete(null);
            } catch (Exception e) {
                load.done.completeExceptionally(e);
            }
        }, "kafka-load-" + topic);
        t.setDaemon(true);
        t.start();
        return load;
    }

    static String id(int i) {
        return "id-" + i;
    }

    /** Every id this load writes. */
    Set<String> expectedIds() {
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            ids.add(id(i));
        }
        return ids;
    }

    /** Records Kafka has acknowledged so far. */
    int sent() {
        return sent.get();
    }

    CompletableFuture<Void> done() {
        return done;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
