package com.danubemessaging.connect.testkit;

import static com.danubemessaging.connect.testkit.RawClient.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.ConsumerRequest.SubscriptionType;
import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.proto.StreamMessage;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reliable dispatch: window, acks, nack and ack-timeout redelivery, poison policies (danube-facts §2.5). */
class ReliableDispatchTest extends RawClientTestBase {

    private static final SubscriptionFailurePolicy FAST = SubscriptionFailurePolicy.defaults()
            .withAckTimeout(Duration.ofSeconds(30))
            .withRedeliveryDelay(Duration.ofMillis(100), Duration.ofSeconds(2));

    @RegisterExtension
    static DanubeBrokerExtension danube = DanubeBrokerExtension.create(b -> b.maxUnackedMessages(3)
            .failurePolicy(FAST));

    @Override
    DanubeTestBroker broker() {
        return danube.broker();
    }

    private RawClient.Inbox consumer(String topic, String subscription, String name, SubscriptionType type) {
        RawClient.Inbox inbox = client.receive(client.subscribe(topic, subscription, name, type));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> danube.broker().activeConsumers(topic, subscription).contains(name));
        return inbox;
    }

    @Test
    void theUnackedWindowGatesDeliveryAndAcksOpenIt() throws Exception {
        String topic = "/default/window";
        long producer = client.reliableProducer(topic, "p");
        RawClient.Inbox inbox = consumer(topic, "sub", "c", SubscriptionType.Exclusive);
        for (int i = 0; i < 5; i++) {
            client.send(producer, topic, "p", "m" + i);
        }
        await().until(() -> inbox.received() == 3);
        assertThat(danube.broker().unackedCount(topic, "sub")).isEqualTo(3);
        assertThat(inbox.texts()).containsExactly("m0", "m1", "m2");
        assertThat(inbox.all).extracting(m -> m.getMsgId().getTopicOffset()).containsExactly(0L, 1L, 2L);

        client.ack(inbox.next(), "sub");
        await().until(() -> inbox.received() == 4);
        assertThat(danube.broker().unackedCount(topic, "sub")).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            client.ack(inbox.next(), "sub");
        }
        await().until(() -> inbox.received() == 5);
        client.ack(inbox.next(), "sub");
        assertThat(inbox.texts()).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(danube.broker().ackedCount(topic, "sub")).isEqualTo(5);
        assertThat(danube.broker().unackedCount(topic, "sub")).isZero();
    }

    @Test
    void nackRedeliversAfterMaxOfPolicyAndRequestedDelayCappedAtTheMaximum() throws Exception {
        String topic = "/default/nack";
        long producer = client.reliableProducer(topic, "p");
        RawClient.Inbox inbox = consumer(topic, "sub", "c", SubscriptionType.Exclusive);
        client.send(producer, topic, "p", "retry-me");
        StreamMessage first = inbox.next();

        long start = System.nanoTime();
        client.nack(first, "sub", 400L, "transient");
        StreamMessage again = inbox.next();
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(waitedMs).as("nack delay 400 ms beats the 100 ms policy delay").isGreaterThanOrEqualTo(400);
        assertThat(again.getMsgId().getTopicOffset()).isEqualTo(first.getMsgId().getTopicOffset());
        assertThat(RawClient.text(again)).isEqualTo("retry-me");

        start = System.nanoTime();
        client.nack(again, "sub", 60_000L, "way too long");
        StreamMessage third = inbox.next();
        waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(waitedMs).as("capped at the 2 s maximum").isBetween(2_000L, 9_000L);
        client.ack(third, "sub");
        assertThat(danube.broker().redeliveredCount(topic, "sub")).isEqualTo(2);
    }

    @Test
    void redeliveryBacksOffExponentially() throws Exception {
        String topic = "/default/backoff";
        danube.broker().setSubscriptionFailurePolicy(topic, "sub", FAST.withMaxRedeliveryCount(10));
        long producer = client.reliableProducer(topic, "p");
        RawClient.Inbox inbox = consumer(topic, "sub", "c", SubscriptionType.Exclusive);
        client.send(producer, topic, "p", "x");
        StreamMessage message = inbox.next();
        for (long expected : new long[] {100, 200, 400, 800}) {
            long start = System.nanoTime();
            client.nack(message, "sub", null, null);
            message = inbox.next();
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(expected);
        }
        client.ack(message, "sub");
    }

    @Test
    void anAckTimeoutCountsAsAFailureAndRedelivers() throws Exception {
        String topic = "/default/ack-timeout";
        danube.broker().setSubscriptionFailurePolicy(topic, "sub",
                FAST.withAckTimeout(Duration.ofMillis(300)).withRedeliveryDelay(Duration.ZERO, Duration.ZERO));
        long producer = client.reliableProducer(topic, "p");
        RawClient.Inbox inbox = consumer(topic, "sub", "c", SubscriptionType.Exclusive);
        long start = System.nanoTime();
        client.send(producer, topic, "p", "forgotten");
        StreamMessage first = inbox.next();
        StreamMessage again = inbox.next();
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
        assertThat(again.getMsgId()).isEqualTo(first.getMsgId());
        client.ack(again, "sub");
        assertThat(danube.broker().unackedCount(topic, "sub")).isZero();
    }

    @Test
    void inFlightMessagesOfADisconnectedConsumerGoToTheOthers() throws Exception {
        String topic = "/default/disconnect";
        long producer = client.reliableProducer(topic, "p");
        RawClient.Inbox a = consumer(topic, "sub", "a", SubscriptionType.Shared);
        RawClient.Inbox b = consumer(topic, "sub", "b", SubscriptionType.Shared);
        client.send(producer, topic, "p", "m0");
        client.send(producer, topic, "p", "m1");
        await().until(() -> a.received() == 1 && b.received() == 1);
        client.ack(b.next(), "sub");
        assertThat(a.texts()).containsExactly("m0");

        a.cancel();
        await().until(() -> b.received() == 2);
        StreamMessage moved = b.all.get(1);
        assertThat(RawClient.text(moved)).isEqualTo("m0");
        client.ack(moved, "sub");
        assertThat(danube.broker().ackedCount(topic, "sub")).isEqualTo(2);
    }

    /**
     * {@code dispatcher/exclusive/reliable.rs} {@code handle_poll_and_dispatch}: once an entry is blocked by the
     * Block poison policy (the default), "do NOT dispatch new messages past the blocked offset" — the whole
     * subscription stalls, for good.
     */
    @Test
    void poisonBlockHaltsAReliableExclusiveSubscription() throws Exception {
        String topic = "/default/block-exclusive";
        danube.broker().setSubscriptionFailurePolicy(topic, "sub", FAST.withMaxRedeliveryCount(1)
                .withRedeliveryDelay(Duration.ZERO, Duration.ZERO));
        long producer = client.reliableProducer(topic, "p");
        RawClient.Inbox inbox = consumer(topic, "sub", "c", SubscriptionType.Exclusive);
        client.send(producer, topic, "p", "poison");
        client.nack(inbox.next(), "sub", null, "bad");
        client.nack(inbox.next(), "sub", null, "bad again");
        await().until(() -> danube.broker().blockedCount(topic, "sub") == 1);
        for (int i = 0; i < 3; i++) {
            client.send(producer, topic, "p", "healthy-" + i);
        }
        Thread.sleep(1500); // three watchdog ticks: nothing may come
        assertThat(inbox.texts()).containsExactly("poison", "poison");
        assertThat(danube.broker().unackedCount(topic, "sub")).isEqualTo(1);
    }

    /** {@code dispatcher/shared/reliable.rs}: the same Block guard stops every consumer of a Shared subscription. */
    @Test
    void poisonBlockHaltsAReliableSharedSubscriptionForEveryConsumer() throws Exception {
        String topic = "/default/block-shared";
        danube.broker().setSubscriptionFailurePolicy(topic, "sub", FAST.withMaxRedeliveryCount(0));
        long producer = client.reliableProducer(topic, "p");
        RawClient.Inbox a = consumer(topic, "sub", "a", SubscriptionType.Shared);
        RawClient.Inbox b = consumer(topic, "sub", "b", SubscriptionType.Shared);
        client.send(producer, topic, "p", "poison");
        await().until(() -> a.received() + b.received() == 1);
        StreamMessage poison = a.received() == 1 ? a.all.get(0) : b.all.get(0);
        client.nack(poison, "sub", null, "permanent");
        await().until(() -> danube.broker().blockedCount(topic, "sub") == 1);
        for (int i = 0; i < 4; i++) {
            client.send(producer, topic, "p", "healthy-" + i);
        }
        Thread.sleep(1500);
        assertThat(a.received() + b.received()).as("nothing after the blocked message reaches anyone").isEqualTo(1);
    }

    /**
     * {@code dispatcher/key_shared/reliable.rs}: the Block guard is per key there (the blocked entry keeps its key
     * in flight), so other keys keep flowing and the poisoned key waits for good.
     */
    @Test
    void poisonBlockOnKeySharedHoldsOnlyItsKey() throws Exception {
        String topic = "/default/block-key-shared";
        danube.broker().setSubscriptionFailurePolicy(topic, "sub", FAST.withMaxRedeliveryCount(0));
        long producer = client.reliableProducer(topic, "p");
        RawClient.Inbox inbox = consumer(topic, "sub", "c", SubscriptionType.KeyShared);
        client.sendWithKey(producer, topic, "p", "bad-1", "bad");
        client.nack(inbox.next(), "sub", null, "permanent");
        await().until(() -> danube.broker().blockedCount(topic, "sub") == 1);
        client.sendWithKey(producer, topic, "p", "good-1", "good");
        StreamMessage good = inbox.next();
        assertThat(RawClient.text(good)).isEqualTo("good-1");
        client.ack(good, "sub");
        client.sendWithKey(producer, topic, "p", "bad-2", "bad");
        client.sendWithKey(producer, topic, "p", "good-2", "good");
        assertThat(RawClient.text(inbox.next())).isEqualTo("good-2");
        Thread.sleep(1000);
        assertThat(inbox.texts()).containsExactly("bad-1", "good-1", "good-2");
    }

    /**
     * The reliable dispatchers' watchdog ticks every 500 ms ({@code dispatcher/exclusive/reliable.rs}
     * {@code heartbeat_interval}) and is what sends a nacked message again once its delay passed. Nacked again at
     * once after each delivery with a 100 ms delay, a message comes back about twice a second, not ten times.
     */
    @Test
    void nackedMessagesComeBackOnTheFiveHundredMillisecondWatchdog() throws Exception {
        try (DanubeTestBroker broker = DanubeTestBroker.builder()
                .failurePolicy(FAST.withRedeliveryDelay(Duration.ofMillis(100), Duration.ofMillis(100))
                        .withBackoffStrategy(SubscriptionFailurePolicy.BackoffStrategy.FIXED)
                        .withMaxRedeliveryCount(100)).build().start();
             RawClient raw = new RawClient(broker)) {
            String topic = "/default/watchdog";
            long producer = raw.reliableProducer(topic, "p");
            RawClient.Inbox inbox = raw.receive(raw.subscribe(topic, "sub", "c", SubscriptionType.Exclusive));
            await().until(() -> broker.activeConsumers(topic, "sub").size() == 1);
            raw.send(producer, topic, "p", "again and again");
            raw.nack(inbox.next(), "sub", null, "not yet");
            long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();
            int redeliveries = 0;
            while (System.nanoTime() < end) {
                StreamMessage again = inbox.messages.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (again != null) {
                    redeliveries++;
                    raw.nack(again, "sub", null, "not yet");
                }
            }
            assertThat(redeliveries).as("redeliveries in 2.5 s with 500 ms ticks (a 100 ms timer would give ~20)")
                    .isBetween(3, 6);
        }
    }

    @Test
    void poisonDropSkipsTheMessage() throws Exception {
        String topic = "/default/poison-drop";
        danube.broker().setSubscriptionFailurePolicy(topic, "sub", FAST.withMaxRedeliveryCount(1)
                .withRedeliveryDelay(Duration.ZERO, Duration.ZERO)
                .withPoisonPolicy(SubscriptionFailurePolicy.PoisonPolicy.DROP));
        long producer = client.reliableProducer(topic, "p");
        RawClient.Inbox inbox = consumer(topic, "sub", "c", SubscriptionType.Exclusive);
        client.send(producer, topic, "p", "poison");
        client.nack(inbox.next(), "sub", null, "bad");
        client.nack(inbox.next(), "sub", null, "bad");
        client.send(producer, topic, "p", "healthy");
        StreamMessage healthy = inbox.next();
        assertThat(RawClient.text(healthy)).isEqualTo("healthy");
        client.ack(healthy, "sub");
        assertThat(danube.broker().unackedCount(topic, "sub")).isZero();
        assertThat(danube.broker().blockedCount(topic, "sub")).isZero();
    }

    @Test
    void poisonDeadLetterPublishesWithTheOriginalCoordinates() throws Exception {
        String topic = "/default/poison-dlq";
        // Not "/default/poison-dlq-dead": the metadata prefix scan would make it a "partition" of the topic.
        String dlq = "/default/dead-letters-of-poison";
        danube.broker().setSubscriptionFailurePolicy(topic, "sub", FAST.withMaxRedeliveryCount(2)
                .withRedeliveryDelay(Duration.ZERO, Duration.ZERO).withDeadLetterTopic(dlq));
        danube.broker().createTopic(dlq, DispatchStrategy.Reliable);
        RawClient.Inbox dead = consumer(dlq, "dlq-sub", "dlq-reader", SubscriptionType.Exclusive);
        long producer = client.reliableProducer(topic, "p");
        RawClient.Inbox inbox = consumer(topic, "sub", "c", SubscriptionType.Exclusive);
        client.send(producer, topic, "p", "poison");
        for (int attempt = 0; attempt < 3; attempt++) {
            client.nack(inbox.next(), "sub", null, "cannot parse");
        }
        StreamMessage letter = dead.next();
        assertThat(RawClient.text(letter)).isEqualTo("poison");
        assertThat(letter.getAttributesMap())
                .containsEntry("x-original-topic", topic)
                .containsEntry("x-original-subscription", "sub")
                .containsEntry("x-original-topic-offset", "0")
                .containsEntry("x-original-producer-id", Long.toUnsignedString(producer))
                .containsEntry("x-original-broker-addr", "http://127.0.0.1")
                .containsEntry("x-poison-policy", "dead_letter")
                .containsEntry("x-delivery-attempt", "3")
                .containsEntry("x-failure-reason", "cannot parse");
        assertThat(letter.getMsgId().getTopicName()).isEqualTo(dlq);
        assertThat(danube.broker().unackedCount(topic, "sub")).isZero();
    }

    @Test
    void ackOnAnUnknownSubscriptionIsInternal() throws Exception {
        String topic = "/default/ack-unknown";
        long producer = client.reliableProducer(topic, "p");
        RawClient.Inbox inbox = consumer(topic, "sub", "c", SubscriptionType.Exclusive);
        client.send(producer, topic, "p", "x");
        StreamMessage m = inbox.next();
        assertStatus(() -> client.ack(m, "not-my-subscription"), Status.Code.INTERNAL,
                "Error acknowledging message: Subscription not found");
        client.ack(m, "sub");
        client.ack(m, "sub"); // a second ack is ignored
        client.nack(m, "sub", null, "late"); // a late nack is ignored
        assertThat(danube.broker().ackedCount(topic, "sub")).isEqualTo(1);
        assertThat(danube.broker().unackedCount(topic, "sub")).isZero();
    }

    @Test
    void aNewSubscriptionStartsAtTheLatestMessage() throws Exception {
        String topic = "/default/latest";
        long producer = client.reliableProducer(topic, "p");
        client.send(producer, topic, "p", "before");
        RawClient.Inbox inbox = consumer(topic, "sub", "c", SubscriptionType.Exclusive);
        client.send(producer, topic, "p", "after");
        assertThat(RawClient.text(inbox.next())).isEqualTo("after");
        assertThat(inbox.texts()).containsExactly("after");
    }

    @Test
    void earliestStartIsAnOptInReplay() throws Exception {
        try (DanubeTestBroker replay = DanubeTestBroker.builder().subscriptionStart(SubscriptionStart.EARLIEST)
                .build().start(); RawClient raw = new RawClient(replay)) {
            long producer = raw.reliableProducer("/default/replay", "p");
            raw.send(producer, "/default/replay", "p", "before");
            RawClient.Inbox inbox = raw.receive(raw.subscribe("/default/replay", "sub", "c",
                    SubscriptionType.Exclusive));
            assertThat(RawClient.text(inbox.next())).isEqualTo("before");
        }
    }

    @Test
    void concurrentSharedConsumersGetEveryMessageExactlyOnceWhenTheyAck() throws Exception {
        String topic = "/default/bulk";
        int total = 2000;
        try (RawClient acker = new RawClient(danube.broker())) {
            long producer = client.reliableProducer(topic, "p");
            java.util.Map<Long, Integer> seen = new java.util.concurrent.ConcurrentHashMap<>();
            for (String name : List.of("w1", "w2", "w3")) {
                long id = client.subscribe(topic, "sub", name, SubscriptionType.Shared);
                client.consumersAsync.receiveMessages(com.danubemessaging.connect.proto.ReceiveRequest.newBuilder()
                        .setConsumerId(id).build(), new io.grpc.stub.StreamObserver<>() {
                            @Override
                            public void onNext(StreamMessage m) {
                                seen.merge(m.getMsgId().getTopicOffset(), 1, Integer::sum);
                                acker.consumersAsync.ack(com.danubemessaging.connect.proto.AckRequest.newBuilder()
                                        .setMsgId(m.getMsgId()).setSubscriptionName("sub").build(),
                                        new io.grpc.stub.StreamObserver<>() {
                                            @Override
                                            public void onNext(com.danubemessaging.connect.proto.AckResponse r) {
                                            }

                                            @Override
                                            public void onError(Throwable t) {
                                            }

                                            @Override
                                            public void onCompleted() {
                                            }
                                        });
                            }

                            @Override
                            public void onError(Throwable t) {
                            }

                            @Override
                            public void onCompleted() {
                            }
                        });
            }
            await().until(() -> danube.broker().activeConsumers(topic, "sub").size() == 3);
            client.sendConcurrently(producer, topic, "p", "payload", total);
            await().atMost(Duration.ofSeconds(30)).until(() -> danube.broker().ackedCount(topic, "sub") == total);
            assertThat(seen).hasSize(total);
            assertThat(seen.values()).allMatch(count -> count == 1);
        }
    }

    @Test
    void nonReliableFansOutAtMostOnceAndIgnoresAcks() throws Exception {
        String topic = "/default/fan-out";
        long producer = client.createProducer(topic, "p", DispatchStrategy.NonReliable);
        client.send(producer, topic, "p", "nobody-listens");
        RawClient.Inbox one = consumer(topic, "sub-1", "c1", SubscriptionType.Exclusive);
        RawClient.Inbox two = consumer(topic, "sub-2", "c2", SubscriptionType.Exclusive);
        for (int i = 0; i < 20; i++) {
            client.send(producer, topic, "p", "m" + i);
        }
        await().until(() -> one.received() == 20 && two.received() == 20);
        List<String> expected = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "m" + i).toList();
        assertThat(one.texts()).isEqualTo(expected);
        assertThat(two.texts()).isEqualTo(expected);
        client.ack(one.all.get(0), "sub-1");
        client.nack(one.all.get(1), "sub-1", 0L, "ignored");
        assertThat(danube.broker().ackedCount(topic, "sub-1")).isZero();

        // Nothing is kept for redelivery: a reconnecting consumer only sees new messages.
        one.cancel();
        await().until(() -> danube.broker().activeConsumers(topic, "sub-1").isEmpty());
        client.send(producer, topic, "p", "while-away");
        RawClient.Inbox back = consumer(topic, "sub-1", "c1", SubscriptionType.Exclusive);
        client.send(producer, topic, "p", "back");
        assertThat(RawClient.text(back.next())).isEqualTo("back");
        assertThat(back.texts()).containsExactly("back");
    }
}
