package com.danubemessaging.connect.testkit;

import static com.danubemessaging.connect.testkit.RawClient.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.ConsumerRequest.SubscriptionType;
import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.proto.StreamMessage;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Subscription types, takeover and stream rules (danube-facts §2.4). */
class SubscriptionTypesTest extends RawClientTestBase {

    @RegisterExtension
    static DanubeBrokerExtension danube = DanubeBrokerExtension.create(b -> b.maxUnackedMessages(100));

    @Override
    DanubeTestBroker broker() {
        return danube.broker();
    }

    private void awaitConnected(String topic, String subscription, String... names) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> danube.broker().activeConsumers(topic, subscription), c -> c.equals(List.of(names)));
    }

    @Test
    void exclusiveRefusesASecondConsumerName() {
        String topic = "/default/exclusive";
        client.reliableProducer(topic, "p");
        client.subscribe(topic, "sub", "first", SubscriptionType.Exclusive);
        assertStatus(() -> client.subscribe(topic, "sub", "second", SubscriptionType.Exclusive),
                Status.Code.PERMISSION_DENIED, "Not able to subscribe to the topic /default/exclusive due to Not "
                        + "allowed to add the Consumer: second, the Exclusive subscription can't be shared with "
                        + "other consumers");
        // Another subscription on the same topic is independent.
        assertThat(client.subscribe(topic, "other-sub", "second", SubscriptionType.Exclusive)).isPositive();
    }

    /**
     * {@code topic.rs} refuses when {@code subscription.is_exclusive() && subscription.has_consumers()}, and
     * {@code dispatcher.rs} {@code remove_consumer} is dead code: a consumer that disconnected stays in the list, so
     * another name is still refused; the same name takes over; only a broker restart clears the list.
     */
    @Test
    void exclusiveKeepsRefusingOtherNamesAfterTheFirstConsumerDisconnected() throws Exception {
        String topic = "/default/after-disconnect-exclusive";
        long producer = client.reliableProducer(topic, "p");
        long first = client.subscribe(topic, "sub", "pod-a", SubscriptionType.Exclusive);
        RawClient.Inbox stream = client.receive(first);
        awaitConnected(topic, "sub", "pod-a");
        stream.cancel();
        awaitConnected(topic, "sub");

        assertStatus(() -> client.subscribe(topic, "sub", "pod-b", SubscriptionType.Exclusive),
                Status.Code.PERMISSION_DENIED, "the Exclusive subscription can't be shared with other consumers");
        long again = client.subscribe(topic, "sub", "pod-a", SubscriptionType.Exclusive);
        assertThat(again).as("the same name takes the subscription back").isEqualTo(first);
        RawClient.Inbox back = client.receive(again);
        awaitConnected(topic, "sub", "pod-a");
        client.send(producer, topic, "p", "for pod-a");
        assertThat(RawClient.text(back.next())).isEqualTo("for pod-a");
    }

    @Test
    void aBrokerRestartClearsTheExclusiveConsumerList() throws Exception {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start()) {
            String topic = "/default/exclusive-restart";
            try (RawClient raw = new RawClient(broker)) {
                raw.reliableProducer(topic, "p");
                raw.subscribe(topic, "sub", "pod-a", SubscriptionType.Exclusive);
                assertStatus(() -> raw.subscribe(topic, "sub", "pod-b", SubscriptionType.Exclusive),
                        Status.Code.PERMISSION_DENIED, null);
            }
            broker.restart();
            try (RawClient raw = new RawClient(broker)) {
                assertThat(raw.subscribe(topic, "sub", "pod-b", SubscriptionType.Exclusive)).isPositive();
            }
        }
    }

    @Test
    void sameConsumerNameTakesOverWithTheSameIdAndCancelsTheOldStream() throws Exception {
        String topic = "/default/takeover";
        long producer = client.reliableProducer(topic, "p");
        long id = client.subscribe(topic, "sub", "worker", SubscriptionType.Exclusive);
        RawClient.Inbox oldStream = client.receive(id);
        awaitConnected(topic, "sub", "worker");

        long again = client.subscribe(topic, "sub", "worker", SubscriptionType.Exclusive);
        assertThat(again).isEqualTo(id);
        await().until(() -> oldStream.end.get() != null);
        assertThat(oldStream.end.get().getCode()).isEqualTo(Status.Code.CANCELLED);

        RawClient.Inbox newStream = client.receive(id);
        awaitConnected(topic, "sub", "worker");
        client.send(producer, topic, "p", "after-takeover");
        assertThat(RawClient.text(newStream.next())).isEqualTo("after-takeover");
        assertThat(oldStream.received()).isZero();
    }

    @Test
    void aNewReceiveMessagesForTheSameConsumerTakesOverTheStream() throws Exception {
        String topic = "/default/stream-takeover";
        long producer = client.createProducer(topic, "p", DispatchStrategy.NonReliable);
        long id = client.subscribe(topic, "sub", "c", SubscriptionType.Shared);
        RawClient.Inbox first = client.receive(id);
        awaitConnected(topic, "sub", "c");
        RawClient.Inbox second = client.receive(id);
        await().until(() -> first.end.get() != null);
        assertThat(first.end.get().getCode()).isEqualTo(Status.Code.CANCELLED);
        client.send(producer, topic, "p", "to-second");
        assertThat(RawClient.text(second.next())).isEqualTo("to-second");
    }

    @Test
    void receiveMessagesForAnUnknownConsumerIsNotFound() {
        RawClient.Inbox inbox = client.receive(987654321L);
        await().until(() -> inbox.end.get() != null);
        assertThat(inbox.end.get().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    /**
     * Consumers a, b and c subscribe to {@code sub} with the given types, then {@code count} messages m0… are sent;
     * returns once they all arrived.
     */
    private List<RawClient.Inbox> consumersAbc(String topic, int count, SubscriptionType... types) {
        long producer = client.reliableProducer(topic, "p");
        List<String> names = List.of("a", "b", "c");
        List<RawClient.Inbox> inboxes = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            inboxes.add(client.receive(client.subscribe(topic, "sub", names.get(i), types[i])));
        }
        awaitConnected(topic, "sub", names.toArray(String[]::new));
        for (int i = 0; i < count; i++) {
            client.send(producer, topic, "p", "m" + i);
        }
        await().until(() -> inboxes.stream().mapToInt(RawClient.Inbox::received).sum() == count);
        return inboxes;
    }

    @Test
    void sharedIsRoundRobin() throws Exception {
        String topic = "/default/shared";
        List<RawClient.Inbox> inboxes = consumersAbc(topic, 9, SubscriptionType.Shared, SubscriptionType.Shared,
                SubscriptionType.Shared);
        RawClient.Inbox a = inboxes.get(0);
        RawClient.Inbox b = inboxes.get(1);
        RawClient.Inbox c = inboxes.get(2);
        assertThat(a.texts()).containsExactly("m0", "m3", "m6");
        assertThat(b.texts()).containsExactly("m1", "m4", "m7");
        assertThat(c.texts()).containsExactly("m2", "m5", "m8");
    }

    /**
     * {@code dispatcher/exclusive.rs} {@code ExclusiveConsumerState::add_consumer}: the active consumer is set only
     * while the list is empty, and nothing removes it: the first consumer stays active even after it disconnected,
     * and standbys get nothing; when it comes back under its name it gets the messages again.
     */
    @Test
    void failoverKeepsTheFirstConsumerActiveEvenAfterItDisconnected() throws Exception {
        String topic = "/default/failover";
        long producer = client.reliableProducer(topic, "p");
        long primaryId = client.subscribe(topic, "sub", "primary", SubscriptionType.Failover);
        RawClient.Inbox primary = client.receive(primaryId);
        awaitConnected(topic, "sub", "primary");
        RawClient.Inbox standby = client.receive(client.subscribe(topic, "sub", "standby", SubscriptionType.Failover));
        awaitConnected(topic, "sub", "primary", "standby");
        for (int i = 0; i < 5; i++) {
            client.send(producer, topic, "p", "m" + i);
        }
        await().until(() -> primary.received() == 5);
        for (StreamMessage m : primary.all) {
            client.ack(m, "sub");
        }
        assertThat(standby.received()).isZero();

        primary.cancel();
        awaitConnected(topic, "sub", "standby");
        client.send(producer, topic, "p", "while-primary-is-away");
        Thread.sleep(1200);
        assertThat(standby.received()).as("a standby never becomes active").isZero();

        RawClient.Inbox back = client.receive(client.subscribe(topic, "sub", "primary", SubscriptionType.Failover));
        assertThat(RawClient.text(back.next())).isEqualTo("while-primary-is-away");
        assertThat(standby.received()).isZero();
    }

    @Test
    void keySharedKeepsEachKeyOnOneConsumerAndFallsBackToTheProducerName() throws Exception {
        String topic = "/default/key-shared";
        long producer = client.reliableProducer(topic, "p");
        RawClient.Inbox a = client.receive(client.subscribe(topic, "sub", "a", SubscriptionType.KeyShared));
        RawClient.Inbox b = client.receive(client.subscribe(topic, "sub", "b", SubscriptionType.KeyShared));
        awaitConnected(topic, "sub", "a", "b");
        int perKey = 3;
        List<String> keys = List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");
        for (int round = 0; round < perKey; round++) {
            for (String key : keys) {
                client.sendWithKey(producer, topic, "p", key + ":" + round, key);
            }
        }
        ackAsTheyCome(a, b, keys.size() * perKey);
        Map<String, Set<String>> consumersByKey = new HashMap<>();
        a.texts().forEach(t -> consumersByKey.computeIfAbsent(t.split(":")[0], k -> new HashSet<>()).add("a"));
        b.texts().forEach(t -> consumersByKey.computeIfAbsent(t.split(":")[0], k -> new HashSet<>()).add("b"));
        assertThat(consumersByKey).hasSize(keys.size());
        assertThat(consumersByKey.values()).allSatisfy(owners -> assertThat(owners).hasSize(1));
        assertThat(a.received()).as("both consumers get some keys").isPositive();
        assertThat(b.received()).isPositive();

        // Without a routing key the producer name is the key: all of one producer's messages go to one consumer.
        long named = client.reliableProducer(topic, "keyless-producer");
        int before = a.received() + b.received();
        for (int i = 0; i < 6; i++) {
            client.send(named, topic, "keyless-producer", "n" + i);
        }
        ackAsTheyCome(a, b, before + 6);
        boolean allOnA = a.texts().stream().filter(t -> t.startsWith("n")).count() == 6;
        boolean allOnB = b.texts().stream().filter(t -> t.startsWith("n")).count() == 6;
        assertThat(allOnA ^ allOnB).isTrue();
    }

    /** Reliable KeyShared holds one message per key in flight: the next waits for the ack, in order. */
    private void ackAsTheyCome(RawClient.Inbox a, RawClient.Inbox b, int total) {
        Set<StreamMessage> acked = new HashSet<>();
        await().until(() -> {
            for (RawClient.Inbox inbox : List.of(a, b)) {
                for (StreamMessage m : inbox.all) {
                    if (acked.add(m)) {
                        client.ack(m, "sub");
                    }
                }
            }
            return a.received() + b.received() == total;
        });
    }

    /**
     * {@code dispatcher/key_shared/reliable.rs} and {@code key_shared/in_flight_window.rs}: "at most ONE message per
     * routing key is in-flight at any time"; later messages of that key wait (taking window slots) while other keys
     * flow.
     */
    @Test
    void keySharedReliableHasAtMostOneMessageInFlightPerKey() throws Exception {
        String topic = "/default/one-in-flight-per-key";
        long producer = client.reliableProducer(topic, "p");
        RawClient.Inbox inbox = client.receive(client.subscribe(topic, "sub", "only", SubscriptionType.KeyShared));
        awaitConnected(topic, "sub", "only");
        for (int i = 0; i < 3; i++) {
            client.sendWithKey(producer, topic, "p", "a" + i, "key-a");
        }
        client.sendWithKey(producer, topic, "p", "b0", "key-b");
        await().until(() -> inbox.received() == 2);
        Thread.sleep(700);
        assertThat(inbox.texts()).containsExactly("a0", "b0");
        assertThat(danube.broker().unackedCount(topic, "sub")).as("queued messages hold window slots").isEqualTo(4);

        client.ack(inbox.all.get(0), "sub");
        assertThat(RawClient.text(inbox.next())).isEqualTo("a0");
        assertThat(RawClient.text(inbox.next())).isEqualTo("b0");
        assertThat(RawClient.text(inbox.next())).isEqualTo("a1");
        client.nack(inbox.all.get(2), "sub", 0L, "retry a1");
        assertThat(RawClient.text(inbox.next())).as("a redelivery keeps the key's order").isEqualTo("a1");
        client.ack(inbox.all.get(3), "sub");
        assertThat(RawClient.text(inbox.next())).isEqualTo("a2");
    }

    /** A key of {@code owner}'s: sends probe messages until one arrives there (acking them on reliable topics). */
    private String keyOwnedBy(long producer, String topic, RawClient.Inbox owner, RawClient.Inbox other,
                              boolean reliable) throws Exception {
        for (int i = 0; i < 50; i++) {
            String key = "probe-" + i;
            client.sendWithKey(producer, topic, "p", key, key);
            await().until(() -> owner.all.size() + other.all.size() > 0 && (owner.texts().contains(key)
                    || other.texts().contains(key)));
            if (reliable) {
                for (RawClient.Inbox inbox : List.of(owner, other)) {
                    inbox.all.stream().filter(m -> RawClient.text(m).equals(key)).forEach(m -> client.ack(m, "sub"));
                }
            }
            if (owner.texts().contains(key)) {
                return key;
            }
        }
        throw new AssertionError("no key hashed to the consumer");
    }

    /**
     * {@code dispatcher/key_shared/non_reliable.rs}: the ring keeps a consumer that disconnected, and a message whose
     * key maps to it is dropped, not given to another consumer.
     */
    @Test
    void keySharedNonReliableDropsTheKeysOfADisconnectedConsumer() throws Exception {
        String topic = "/default/non-reliable-drop-by-key";
        long producer = client.createProducer(topic, "p", DispatchStrategy.NonReliable);
        RawClient.Inbox a = client.receive(client.subscribe(topic, "sub", "a", SubscriptionType.KeyShared));
        RawClient.Inbox b = client.receive(client.subscribe(topic, "sub", "b", SubscriptionType.KeyShared));
        awaitConnected(topic, "sub", "a", "b");
        String keyOfB = keyOwnedBy(producer, topic, b, a, false);
        b.cancel();
        awaitConnected(topic, "sub", "a");
        int before = a.received();
        client.sendWithKey(producer, topic, "p", "lost", keyOfB);
        Thread.sleep(700);
        assertThat(a.texts().subList(before, a.received())).doesNotContain("lost");
    }

    /**
     * {@code dispatcher/key_shared/reliable.rs} {@code INACTIVE_EVICTION_TICKS}: on a reliable topic a disconnected
     * consumer's keys wait for it for 6 watchdog ticks (3 s), then it leaves the ring and its keys go to the others;
     * coming back under the same name does not bring it back into the ring.
     */
    @Test
    void keySharedReliableEvictsAConsumerGoneForSixTicksForGood() throws Exception {
        String topic = "/default/eviction-by-key";
        long producer = client.reliableProducer(topic, "p");
        RawClient.Inbox a = client.receive(client.subscribe(topic, "sub", "a", SubscriptionType.KeyShared));
        RawClient.Inbox b = client.receive(client.subscribe(topic, "sub", "b", SubscriptionType.KeyShared));
        awaitConnected(topic, "sub", "a", "b");
        String keyOfB = keyOwnedBy(producer, topic, b, a, true);
        b.cancel();
        awaitConnected(topic, "sub", "a");
        client.sendWithKey(producer, topic, "p", "waits-for-b", keyOfB);
        Thread.sleep(1000);
        assertThat(a.texts()).doesNotContain("waits-for-b");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.texts().contains("waits-for-b"));
        a.all.forEach(m -> client.ack(m, "sub"));

        RawClient.Inbox back = client.receive(client.subscribe(topic, "sub", "b", SubscriptionType.KeyShared));
        awaitConnected(topic, "sub", "a", "b");
        client.sendWithKey(producer, topic, "p", "after-return", keyOfB);
        await().until(() -> a.texts().contains("after-return"));
        assertThat(back.texts()).isEmpty();
    }

    @Test
    void keySharedFiltersRouteMatchingKeys() throws Exception {
        String topic = "/default/key-filters";
        long producer = client.createProducer(topic, "p", DispatchStrategy.NonReliable);
        RawClient.Inbox eu = client.receive(client.subscribe(topic, "sub", "eu", SubscriptionType.KeyShared, "eu-*"));
        RawClient.Inbox us = client.receive(client.subscribe(topic, "sub", "us", SubscriptionType.KeyShared,
                "us-?", "us-east-*"));
        awaitConnected(topic, "sub", "eu", "us");
        client.sendWithKey(producer, topic, "p", "1", "eu-west");
        client.sendWithKey(producer, topic, "p", "2", "us-1");
        client.sendWithKey(producer, topic, "p", "3", "us-east-2");
        client.sendWithKey(producer, topic, "p", "4", "eu-north");
        client.sendWithKey(producer, topic, "p", "5", "apac"); // matches nobody: dropped (non-reliable)
        await().until(() -> eu.received() + us.received() == 4);
        assertThat(eu.texts()).containsExactly("1", "4");
        assertThat(us.texts()).containsExactly("2", "3");
    }

    /**
     * {@code topic.rs} {@code subscribe} keeps the subscription (and its dispatcher) of the first subscriber; a later
     * consumer asking for another type is added to it and served by the original type.
     */
    @Test
    void aMismatchedSubscriptionTypeJoinsWithTheOriginalType() throws Exception {
        String topic = "/default/type-change";
        List<RawClient.Inbox> inboxes = consumersAbc(topic, 6, SubscriptionType.Shared, SubscriptionType.Failover,
                SubscriptionType.Exclusive);
        assertThat(inboxes).as("round-robin, as Shared").extracting(RawClient.Inbox::received)
                .containsExactly(2, 2, 2);

        String exclusiveTopic = "/default/exclusive-type-change";
        client.reliableProducer(exclusiveTopic, "p");
        client.subscribe(exclusiveTopic, "sub", "owner", SubscriptionType.Exclusive);
        assertStatus(() -> client.subscribe(exclusiveTopic, "sub", "other", SubscriptionType.Shared),
                Status.Code.PERMISSION_DENIED, "the Exclusive subscription can't be shared");
    }
}
