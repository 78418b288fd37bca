package com.danubemessaging.connect.testkit;

import static com.danubemessaging.connect.testkit.RawClient.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.ConsumerRequest.SubscriptionType;
import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.proto.HealthCheckRequest.ClientType;
import com.danubemessaging.connect.proto.HealthCheckResponse.ClientStatus;
import com.danubemessaging.connect.proto.StreamMessage;
import com.danubemessaging.connect.proto.TopicLookupRequest;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Health checks, restart on the same port, injected failures and cut streams. */
class HealthRestartAndFaultsTest {

    @Test
    void healthIsOkForLiveRegistrationsAndCloseOtherwise() throws Exception {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start();
             RawClient client = new RawClient(broker)) {
            long producer = client.reliableProducer("/default/health", "p");
            long consumer = client.subscribe("/default/health", "sub", "c", SubscriptionType.Shared);
            assertThat(client.health(ClientType.Producer, producer)).isEqualTo(ClientStatus.OK);
            assertThat(client.health(ClientType.Consumer, consumer)).isEqualTo(ClientStatus.OK);
            assertThat(client.health(ClientType.Producer, 1234L)).isEqualTo(ClientStatus.CLOSE);
            assertThat(client.health(ClientType.Consumer, 1234L)).isEqualTo(ClientStatus.CLOSE);

            RawClient.Inbox inbox = client.receive(consumer);
            await().until(() -> broker.activeConsumers("/default/health", "sub").size() == 1);
            inbox.cancel();
            await().until(() -> client.health(ClientType.Consumer, consumer) == ClientStatus.CLOSE);
            // Resubscribing (same name) makes it active again under the same id.
            assertThat(client.subscribe("/default/health", "sub", "c", SubscriptionType.Shared)).isEqualTo(consumer);
            assertThat(client.health(ClientType.Consumer, consumer)).isEqualTo(ClientStatus.OK);
        }
    }

    /**
     * A restart keeps topics and reliable messages but forgets producers, consumers and subscriptions; a
     * subscription comes back from its persisted cursor, which {@code dispatcher/subscription_engine.rs}
     * {@code advance_cursor_to} only writes over contiguous acks, and only every flush interval.
     */
    @Test
    void restartKeepsReliableDataAndPersistedCursorsButForgetsRegistrations() throws Exception {
        String topic = "/default/durable";
        String volatileTopic = "/default/volatile";
        try (DanubeTestBroker broker = DanubeTestBroker.builder().maxUnackedMessages(100)
                .cursorFlushInterval(Duration.ZERO).build().start()) {
            int port = broker.port();
            long producer;
            long consumer;
            try (RawClient client = new RawClient(broker)) {
                producer = client.reliableProducer(topic, "p");
                consumer = client.subscribe(topic, "sub", "c", SubscriptionType.Exclusive);
                RawClient.Inbox inbox = client.receive(consumer);
                await().until(() -> broker.activeConsumers(topic, "sub").size() == 1);
                long fast = client.createProducer(volatileTopic, "p", DispatchStrategy.NonReliable);
                client.subscribe(volatileTopic, "vsub", "c", SubscriptionType.Shared);
                client.send(fast, volatileTopic, "p", "gone");
                for (int i = 0; i < 10; i++) {
                    client.send(producer, topic, "p", "m" + i);
                }
                await().until(() -> inbox.received() == 10);
                for (int i = 0; i < 4; i++) {
                    client.ack(inbox.all.get(i), "sub");
                }
                client.ack(inbox.all.get(6), "sub"); // beyond a gap: not part of the cursor, comes back
            }

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();
            assertThat(broker.port()).isEqualTo(port);

            try (RawClient client = new RawClient(broker)) {
                assertThat(client.health(ClientType.Producer, producer)).isEqualTo(ClientStatus.CLOSE);
                assertThat(client.health(ClientType.Consumer, consumer)).isEqualTo(ClientStatus.CLOSE);
                assertStatus(() -> client.send(producer, topic, "p", "stale id"), Status.Code.NOT_FOUND, null);
                assertThat(client.receive(consumer)).satisfies(stale ->
                        await().until(() -> stale.end.get() != null
                                && stale.end.get().getCode() == Status.Code.NOT_FOUND));

                assertThat(broker.topics()).contains(topic, volatileTopic);
                assertThat(broker.subscriptions(volatileTopic)).isEmpty();
                assertThat(broker.subscriptions(topic)).as("subscriptions come back when consumers do").isEmpty();
                assertThat(broker.messageCount(topic)).isEqualTo(10);

                long newConsumer = client.subscribe(topic, "sub", "c", SubscriptionType.Exclusive);
                RawClient.Inbox inbox = client.receive(newConsumer);
                await().until(() -> inbox.received() == 6);
                assertThat(inbox.texts()).containsExactly("m4", "m5", "m6", "m7", "m8", "m9");
                long newProducer = client.reliableProducer(topic, "p");
                assertThat(newProducer).isNotEqualTo(producer);
                client.send(newProducer, topic, "p", "m10");
                await().until(() -> inbox.received() == 7);
                assertThat(inbox.all.get(6).getMsgId().getTopicOffset()).isEqualTo(10);
            }
        }
    }

    /**
     * Upstream writes a cursor at most every 10 s ({@code topic.rs} passes {@code Duration::from_secs(10)}), counted
     * from the subscription's creation, and has no graceful shutdown that flushes it: a subscription whose acks were
     * never written restarts at the latest message, so what was published before it re-subscribes is not delivered.
     */
    @Test
    void aCursorThatWasNeverWrittenIsLostOnRestart() throws Exception {
        String topic = "/default/unflushed";
        try (DanubeTestBroker broker = DanubeTestBroker.builder().maxUnackedMessages(100).build().start()) {
            try (RawClient client = new RawClient(broker)) {
                long producer = client.reliableProducer(topic, "p");
                RawClient.Inbox inbox = client.receive(client.subscribe(topic, "sub", "c",
                        SubscriptionType.Exclusive));
                await().until(() -> broker.activeConsumers(topic, "sub").size() == 1);
                for (int i = 0; i < 5; i++) {
                    client.send(producer, topic, "p", "m" + i);
                }
                await().until(() -> inbox.received() == 5);
                inbox.all.forEach(m -> client.ack(m, "sub"));
            }
            broker.restart();
            try (RawClient client = new RawClient(broker)) {
                long producer = client.reliableProducer(topic, "p");
                client.send(producer, topic, "p", "published before the consumer came back");
                RawClient.Inbox inbox = client.receive(client.subscribe(topic, "sub", "c",
                        SubscriptionType.Exclusive));
                await().until(() -> broker.activeConsumers(topic, "sub").size() == 1);
                client.send(producer, topic, "p", "after");
                assertThat(RawClient.text(inbox.next())).isEqualTo("after");
                assertThat(inbox.texts()).containsExactly("after");
            }
        }
    }

    @Test
    void clientsSeeUnavailableWhileTheBrokerIsDown() throws Exception {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start();
             RawClient client = new RawClient(broker)) {
            long consumerTopicProducer = client.reliableProducer("/default/down", "p");
            RawClient.Inbox inbox = client.receive(client.subscribe("/default/down", "s", "c",
                    SubscriptionType.Shared));
            await().until(() -> broker.activeConsumers("/default/down", "s").size() == 1);
            broker.stop();
            await().until(() -> inbox.end.get() != null);
            assertThat(inbox.end.get().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.CANCELLED);
            assertStatus(() -> client.send(consumerTopicProducer, "/default/down", "p", "x"),
                    Status.Code.UNAVAILABLE, null);
            broker.restart();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> client.reliableProducer("/default/down", "p") > 0);
        }
    }

    @Test
    void failNextFailsExactlyNCallsOfThatRpc() throws Exception {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start();
             RawClient client = new RawClient(broker)) {
            broker.failNext(Rpc.CREATE_PRODUCER, 2, Status.Code.UNAVAILABLE);
            broker.failNext("danube.Discovery/TopicLookup", 1, Status.Code.DEADLINE_EXCEEDED);
            assertStatus(() -> client.reliableProducer("/default/faulty", "p"), Status.Code.UNAVAILABLE,
                    "fault injected");
            assertStatus(() -> client.reliableProducer("/default/faulty", "p"), Status.Code.UNAVAILABLE, null);
            assertThat(client.reliableProducer("/default/faulty", "p")).isPositive();
            assertStatus(() -> client.discovery.topicLookup(TopicLookupRequest.newBuilder()
                    .setTopic("/default/faulty").build()), Status.Code.DEADLINE_EXCEEDED, null);
            assertThat(client.discovery.topicLookup(TopicLookupRequest.newBuilder().setTopic("/default/faulty")
                    .build()).getConnectUrl()).isEqualTo(broker.serviceUrl());
            assertThat(broker.callCount(Rpc.CREATE_PRODUCER)).isEqualTo(3);
            assertThat(broker.callCount(Rpc.TOPIC_LOOKUP)).isEqualTo(2);
        }
    }

    @Test
    void cutStreamsEndsOpenStreamsAndReliableMessagesComeBack() throws Exception {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start();
             RawClient client = new RawClient(broker)) {
            String topic = "/default/cut";
            long producer = client.reliableProducer(topic, "p");
            long consumer = client.subscribe(topic, "sub", "c", SubscriptionType.Exclusive);
            RawClient.Inbox first = client.receive(consumer);
            await().until(() -> broker.activeConsumers(topic, "sub").size() == 1);
            client.send(producer, topic, "p", "unacked");
            StreamMessage delivered = first.next();

            assertThat(broker.cutStreams()).isEqualTo(1);
            await().until(() -> first.end.get() != null);
            assertThat(first.end.get().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(client.health(ClientType.Consumer, consumer)).isEqualTo(ClientStatus.CLOSE);

            RawClient.Inbox second = client.receive(consumer);
            StreamMessage again = second.next();
            assertThat(again.getMsgId()).isEqualTo(delivered.getMsgId());
            assertThat(client.health(ClientType.Consumer, consumer)).isEqualTo(ClientStatus.OK);
        }
    }

    @Test
    void callsAndTheirMetadataAreRecorded() throws Exception {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start();
             RawClient client = new RawClient(broker)) {
            Metadata extra = new Metadata();
            Metadata.Key<String> key = Metadata.Key.of("x-test-marker", Metadata.ASCII_STRING_MARSHALLER);
            extra.put(key, "marker-1");
            client.producers.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(extra))
                    .createProducer(com.danubemessaging.connect.proto.ProducerRequest.newBuilder()
                            .setTopicName("/default/recorded").setProducerName("p").build());
            assertThat(broker.callCount(Rpc.CREATE_PRODUCER)).isEqualTo(1);
            assertThat(broker.callCount(Rpc.SEND_MESSAGE)).isZero();
            assertThat(broker.lastMetadata(Rpc.CREATE_PRODUCER).get(key)).isEqualTo("marker-1");
            assertThat(broker.lastMetadata(Rpc.SUBSCRIBE)).isNull();
            Set<String> methods = new HashSet<>();
            for (Rpc rpc : Rpc.values()) {
                methods.add(rpc.fullMethodName());
            }
            assertThat(methods).hasSize(Rpc.values().length);
        }
    }
}
