package com.danubemessaging.connect.testkit;

import static com.danubemessaging.connect.testkit.RawClient.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.ConsumerRequest.SubscriptionType;
import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.proto.StreamMessage;
import io.grpc.Status;
import java.time.Duration;
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
                Status.Code.PERMISSION_DENIED, "Exclusive subscription can't be shared");
        // Another subscription on the same topic is independent.
        assertThat(client.subscribe(topic, "other-sub", "second", SubscriptionType.Exclusive)).isPositive();
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

    @Test
    void sharedIsRoundRobin() throws Exception {
        String topic = "/default/shared";
        long producer = client.reliableProducer(topic, "p");
        RawClient.Inbox a = client.receive(client.subscribe(topic, "sub", "a", SubscriptionType.Shared));
        RawClient.Inbox b = client.receive(client.subscribe(topic, "sub", "b", SubscriptionType.Shared));
        RawClient.Inbox c = client.receive(client.subscribe(topic, "sub", "c", SubscriptionType.Shared));
        awaitConnected(topic, "sub", "a", "b", "c");
        for (int i = 0; i < 9; i++) {
            client.send(producer, topic, "p", "m" + i);
        }
        await().until(() -> a.received() + b.received() + c.received() == 9);
        assertThat(a.texts()).containsExactly("m0", "m3", "m6");
        assertThat(b.texts()).containsExactly("m1", "m4", "m7");
        assertThat(c.texts()).containsExactly("m2", "m5", "m8");
    }

    @Test
    void failoverHasOneActiveConsumerAndTheNextTakesOverOnDisconnect() throws Exception {
        String topic = "/default/failover";
        long producer = client.reliableProducer(topic, "p");
        RawClient.Inbox primary = client.receive(client.subscribe(topic, "sub", "primary", SubscriptionType.Failover));
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
        client.send(producer, topic, "p", "after-failover");
        assertThat(RawClient.text(standby.next())).isEqualTo("after-failover");
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
        await().until(() -> a.received() + b.received() == keys.size() * perKey);
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
        await().until(() -> a.received() + b.received() == before + 6);
        boolean allOnA = a.texts().stream().filter(t -> t.startsWith("n")).count() == 6;
        boolean allOnB = b.texts().stream().filter(t -> t.startsWith("n")).count() == 6;
        assertThat(allOnA ^ allOnB).isTrue();
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

    @Test
    void subscriptionTypeCannotChange() {
        String topic = "/default/type-change";
        client.reliableProducer(topic, "p");
        client.subscribe(topic, "sub", "a", SubscriptionType.Shared);
        assertStatus(() -> client.subscribe(topic, "sub", "b", SubscriptionType.Failover),
                Status.Code.PERMISSION_DENIED, null);
    }
}
