package com.danubemessaging.connect.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The big one: a reliable produce/consume run of 10 000 messages with a broker stop + restart on the same port in
 * the middle. Every message must arrive; duplicates are allowed (at-least-once) and reported.
 */
@Timeout(300)
class ReliableRunAcrossRestartTest {

    private static final int MESSAGES = 10_000;
    private static final String TOPIC = "/default/big-run";

    @Test
    void everyMessageArrivesAcrossABrokerRestart() throws Exception {
        // A Danube broker writes a subscription's cursor at most every 10 s and loses what it did not write when it
        // restarts: a younger subscription would start again at the latest message. This run models a broker
        // that had written the cursor; the testkit's aCursorThatWasNeverWrittenIsLostOnRestart shows the other case.
        try (DanubeTestBroker broker = DanubeTestBroker.builder().cursorFlushInterval(Duration.ZERO).build()
                .start()) {
            broker.createTopic(TOPIC, DispatchStrategy.Reliable);
            RetryOptions patient = new RetryOptions(10, Duration.ofMillis(50), Duration.ofMillis(500));
            try (DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).retry(patient)
                    .healthCheckInterval(Duration.ofMillis(500)).build()) {
                Consumer consumer = client.newConsumer().topic(TOPIC).name("big-consumer")
                        .subscription("big-sub").type(SubscriptionType.SHARED).receiveBuffer(200).subscribe();
                await().atMost(Duration.ofSeconds(30)).until(consumer::isReady);

                Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
                AtomicInteger deliveries = new AtomicInteger();
                AtomicBoolean running = new AtomicBoolean(true);
                Thread reader = new Thread(() -> {
                    while (running.get()) {
                        for (ReceivedMessage m : consumer.receiveBatch(100, Duration.ofMillis(100))) {
                            int id = Integer.parseInt(new String(m.payload(), StandardCharsets.UTF_8));
                            seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                            deliveries.incrementAndGet();
                            consumer.ack(m); // a lost ack only means a redelivery
                        }
                    }
                }, "big-run-reader");
                reader.start();

                Producer producer = client.newProducer().topic(TOPIC).name("big-producer").reliable(true)
                        .maxInFlight(64).create();
                List<CompletableFuture<MessageId>> sends = new ArrayList<>(MESSAGES);
                for (int i = 0; i < MESSAGES; i++) {
                    if (i == MESSAGES / 2) {
                        broker.restart();
                    }
                    sends.add(producer.sendAsync(OutgoingMessage.of(
                            Integer.toString(i).getBytes(StandardCharsets.UTF_8))));
                }
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
                long stored = broker.messageCount(TOPIC);

                await().atMost(Duration.ofSeconds(90)).until(() -> seen.size() == MESSAGES);
                running.set(false);
                reader.join(5_000);

                long duplicateDeliveries = deliveries.get() - (long) MESSAGES;
                long duplicated = seen.values().stream().filter(c -> c.get() > 1).count();
                System.out.printf("big run: %d sent, %d stored by the broker (%d producer-side duplicates), "
                                + "%d delivered, %d distinct, %d duplicate deliveries of %d messages%n",
                        MESSAGES, stored, stored - MESSAGES, deliveries.get(), seen.size(), duplicateDeliveries,
                        duplicated);
                assertThat(seen.keySet()).hasSize(MESSAGES).allMatch(id -> id >= 0 && id < MESSAGES);
                assertThat(stored).isGreaterThanOrEqualTo(MESSAGES);
            }
        }
    }
}
