package com.danubemessaging.connect.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.Rpc;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Consumer-side client behaviour against the in-memory Danube broker. */
@Timeout(120)
class ConsumerAgainstTestkitTest {

    private static final RetryOptions FAST = new RetryOptions(4, Duration.ofMillis(20), Duration.ofMillis(100));

    private DanubeTestBroker broker;
    private DanubeClient client;

    @BeforeEach
    void start() {
        broker = DanubeTestBroker.builder().build().start();
        client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).retry(FAST)
                .healthCheckInterval(Duration.ofMillis(100)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        broker.close();
    }

    private static OutgoingMessage text(String s) {
        return OutgoingMessage.of(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ReceivedMessage m) {
        return new String(m.payload(), StandardCharsets.UTF_8);
    }

    private Consumer consumer(String topic, String name, String subscription, SubscriptionType type) {
        return client.newConsumer().topic(topic).name(name).subscription(subscription).type(type).subscribe();
    }

    /**
     * Waits until the consumers stream on the client side and the broker dispatches to all of them. isReady() alone
     * is not enough before a non-reliable send: the broker drops messages that arrive before it has opened the
     * ReceiveMessages stream the client already started.
     */
    private void awaitActive(String topic, String subscription, Consumer... consumers) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Arrays.stream(consumers).allMatch(Consumer::isReady)
                && broker.activeConsumers(topic, subscription).size() == consumers.length);
    }

    /** Receives until {@code count} messages arrived in total over all consumers (acking each). */
    private static List<List<String>> drain(int count, Consumer... consumers) {
        List<List<String>> received = new ArrayList<>();
        for (int i = 0; i < consumers.length; i++) {
            received.add(new ArrayList<>());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int i = 0; i < consumers.length; i++) {
                for (ReceivedMessage m : consumers[i].receiveBatch(50, Duration.ofMillis(20))) {
                    received.get(i).add(text(m));
                    consumers[i].ack(m);
                }
            }
            return received.stream().mapToInt(List::size).sum() >= count;
        });
        return received;
    }

    @Test
    void waitsForATopicThatDoesNotExistYet() {
        Consumer consumer = consumer("/default/later", "c-later", "s-later", SubscriptionType.EXCLUSIVE);
        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.lastError().isPresent());
        assertThat(consumer.lastError().get().getMessage()).contains("does not exist yet");
        assertThat(consumer.isReady()).isFalse();

        Producer producer = client.newProducer().topic("/default/later").name("p-later").create();
        awaitActive("/default/later", "s-later", consumer);
        producer.send(text("finally"));

        ReceivedMessage m = consumer.receive(Duration.ofSeconds(30));
        assertThat(m).isNotNull();
        assertThat(text(m)).isEqualTo("finally");
        assertThat(m.topic()).isEqualTo("/default/later");
    }

    @Test
    void attachesPartitionsThatAppearAfterItSubscribed() {
        // a partitioned producer creates its partitions one by one; a consumer that looked in between saw only some
        Producer first = client.newProducer().topic("/default/growing").name("pg1").partitions(1).create();
        Consumer consumer = consumer("/default/growing", "cg", "sg", SubscriptionType.SHARED);
        awaitActive("/default/growing-part-0", "sg", consumer);
        Producer wider = client.newProducer().topic("/default/growing").name("pg2").partitions(3).create();
        for (int p = 1; p < 3; p++) {
            awaitActive("/default/growing-part-" + p, "sg", consumer);
        }
        for (int i = 0; i < 30; i++) {
            wider.send(text("g" + i));
        }
        first.send(text("g30"));
        List<String> received = drain(31, consumer).get(0);
        assertThat(received).hasSize(31).doesNotHaveDuplicates();
    }

    @Test
    void consumesAllPartitionsOfAPartitionedTopic() {
        Producer producer = client.newProducer().topic("/default/multi").name("pm").partitions(3).create();
        Consumer consumer = consumer("/default/multi", "cm", "sm", SubscriptionType.SHARED);
        for (int p = 0; p < 3; p++) {
            awaitActive("/default/multi-part-" + p, "sm", consumer);
        }
        for (int i = 0; i < 30; i++) {
            producer.send(text("m" + i));
        }
        Set<String> partitions = ConcurrentHashMap.newKeySet();
        List<String> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ReceivedMessage m : consumer.receiveBatch(30, Duration.ofMillis(50))) {
                received.add(text(m));
                partitions.add(m.partition().getAsInt() + "@" + m.partitionTopic());
                assertThat(m.topic()).isEqualTo("/default/multi");
            }
            return received.size() >= 30;
        });
        assertThat(received).hasSize(30).doesNotHaveDuplicates();
        assertThat(partitions).containsExactlyInAnyOrder("0@/default/multi-part-0", "1@/default/multi-part-1",
                "2@/default/multi-part-2");
    }

    @Test
    void exclusiveRejectsASecondConsumerWithTheReason() {
        broker.createTopic("/default/excl", DispatchStrategy.NonReliable);
        Consumer first = consumer("/default/excl", "c1", "s-excl", SubscriptionType.EXCLUSIVE);
        await().atMost(Duration.ofSeconds(30)).until(first::isReady);
        Consumer second = consumer("/default/excl", "c2", "s-excl", SubscriptionType.EXCLUSIVE);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.lastError().isPresent());
        assertThat(second.lastError().get().code()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(second.isReady()).isFalse();
    }

    @Test
    void sharedSpreadsMessagesOverConsumers() {
        broker.createTopic("/default/shared", DispatchStrategy.NonReliable);
        Consumer a = consumer("/default/shared", "a", "s-shared", SubscriptionType.SHARED);
        Consumer b = consumer("/default/shared", "b", "s-shared", SubscriptionType.SHARED);
        awaitActive("/default/shared", "s-shared", a, b);
        Producer producer = client.newProducer().topic("/default/shared").name("ps").create();
        for (int i = 0; i < 20; i++) {
            producer.send(text("m" + i));
        }
        List<List<String>> got = drain(20, a, b);
        assertThat(got.get(0)).isNotEmpty();
        assertThat(got.get(1)).isNotEmpty();
        List<String> all = new ArrayList<>(got.get(0));
        all.addAll(got.get(1));
        assertThat(all).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void failoverDeliversToOneActiveConsumer() {
        broker.createTopic("/default/failover", DispatchStrategy.NonReliable);
        Consumer a = consumer("/default/failover", "a", "s-fo", SubscriptionType.FAILOVER);
        awaitActive("/default/failover", "s-fo", a);
        Consumer b = consumer("/default/failover", "b", "s-fo", SubscriptionType.FAILOVER);
        awaitActive("/default/failover", "s-fo", a, b);
        Producer producer = client.newProducer().topic("/default/failover").name("pf").create();
        for (int i = 0; i < 10; i++) {
            producer.send(text("m" + i));
        }
        List<List<String>> got = drain(10, a, b);
        assertThat(got).anySatisfy(list -> assertThat(list).hasSize(10))
                .anySatisfy(list -> assertThat(list).isEmpty());
    }

    @Test
    void keySharedRoutesByKeyAndHonoursKeyFilters() {
        broker.createTopic("/default/keyed", DispatchStrategy.NonReliable);
        Consumer eu = client.newConsumer().topic("/default/keyed").name("eu").subscription("s-keyed")
                .type(SubscriptionType.KEY_SHARED).keyFilters(List.of("eu-*")).subscribe();
        Consumer us = client.newConsumer().topic("/default/keyed").name("us").subscription("s-keyed")
                .type(SubscriptionType.KEY_SHARED).keyFilters(List.of("us-*")).subscribe();
        awaitActive("/default/keyed", "s-keyed", eu, us);
        Producer producer = client.newProducer().topic("/default/keyed").name("pk").create();
        for (int i = 0; i < 10; i++) {
            String key = (i % 2 == 0 ? "eu-" : "us-") + i;
            producer.send(text(key).key(key));
        }
        List<List<String>> got = drain(10, eu, us);
        assertThat(got.get(0)).hasSize(5).allMatch(s -> s.startsWith("eu-"));
        assertThat(got.get(1)).hasSize(5).allMatch(s -> s.startsWith("us-"));
    }

    @Test
    void keySharedKeepsEveryRoutingKeyOnOneConsumer() {
        broker.createTopic("/default/sticky", DispatchStrategy.NonReliable);
        Consumer a = consumer("/default/sticky", "ka", "s-sticky", SubscriptionType.KEY_SHARED);
        Consumer b = consumer("/default/sticky", "kb", "s-sticky", SubscriptionType.KEY_SHARED);
        // Both must be in the broker's hash ring before the first send, or keys would move when one joins.
        awaitActive("/default/sticky", "s-sticky", a, b);
        Producer producer = client.newProducer().topic("/default/sticky").name("ps").create();
        int keys = 20;
        int rounds = 3;
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < keys; k++) {
                producer.send(text("key-" + k).key("key-" + k));
            }
        }
        List<List<String>> got = drain(keys * rounds, a, b);
        // The broker routes by the routing key the client put on the wire (not by producer name, which is the
        // fallback for messages without a key): each key lands wholly on one consumer, and both get keys.
        assertThat(got.get(0)).isNotEmpty().doesNotContainAnyElementsOf(got.get(1));
        assertThat(got.get(1)).isNotEmpty();
        assertThat(got.get(0).size() + got.get(1).size()).isEqualTo(keys * rounds);
        for (List<String> perConsumer : got) {
            perConsumer.stream().distinct()
                    .forEach(key -> assertThat(perConsumer).filteredOn(key::equals).hasSize(rounds));
        }
    }

    @Test
    void nackRedeliversAndAckSettles() throws Exception {
        broker.createTopic("/default/redeliver", DispatchStrategy.Reliable);
        Consumer consumer = consumer("/default/redeliver", "cr", "s-r", SubscriptionType.SHARED);
        await().atMost(Duration.ofSeconds(30)).until(consumer::isReady);
        Producer producer = client.newProducer().topic("/default/redeliver").name("pr").reliable(true).create();
        producer.send(text("retry me"));

        ReceivedMessage first = consumer.receive(Duration.ofSeconds(30));
        assertThat(first).isNotNull();
        consumer.nack(first, Duration.ofMillis(50), "sink unavailable").get();

        ReceivedMessage again = consumer.receive(Duration.ofSeconds(30));
        assertThat(again).isNotNull();
        assertThat(text(again)).isEqualTo("retry me");
        assertThat(again.messageId().topicOffset()).isEqualTo(first.messageId().topicOffset());
        consumer.ack(again).get();
        assertThat(broker.ackedCount("/default/redeliver", "s-r")).isEqualTo(1);
        assertThat(broker.redeliveredCount("/default/redeliver", "s-r")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void resubscribesAfterTheBrokerDropsTheStream() {
        broker.createTopic("/default/cut", DispatchStrategy.Reliable);
        Consumer consumer = consumer("/default/cut", "cc", "s-cut", SubscriptionType.SHARED);
        await().atMost(Duration.ofSeconds(30)).until(consumer::isReady);
        long subscribes = broker.callCount(Rpc.SUBSCRIBE);

        assertThat(broker.cutStreams()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> broker.callCount(Rpc.SUBSCRIBE) > subscribes
                && consumer.isReady());
        Producer producer = client.newProducer().topic("/default/cut").name("pc").reliable(true).create();
        producer.send(text("after cut"));
        ReceivedMessage m = consumer.receive(Duration.ofSeconds(30));
        assertThat(m).isNotNull();
        assertThat(text(m)).isEqualTo("after cut");
    }
}
