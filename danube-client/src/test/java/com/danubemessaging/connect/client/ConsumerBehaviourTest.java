package com.danubemessaging.connect.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.HealthCheckResponse;
import com.danubemessaging.connect.proto.MsgID;
import com.danubemessaging.connect.proto.StreamMessage;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsumerBehaviourTest {

    private static final String TOPIC = "/default/events";
    private static final RetryOptions FAST = new RetryOptions(3, Duration.ofMillis(10), Duration.ofMillis(50));

    private ScriptedBroker broker;
    private DanubeClient client;

    @BeforeEach
    void start() throws Exception {
        broker = new ScriptedBroker();
        client = DanubeClient.builder().serviceUrl(broker.url()).retry(FAST)
                .healthCheckInterval(Duration.ofMillis(50)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        broker.close();
    }

    private static StreamMessage message(String topic, long offset, int payloadBytes) {
        return StreamMessage.newBuilder()
                .setMsgId(MsgID.newBuilder().setProducerId(1).setTopicName(topic).setBrokerAddr("b")
                        .setTopicOffset(offset))
                .setPayload(ByteString.copyFrom(new byte[payloadBytes]))
                .setPublishTime(System.currentTimeMillis())
                .setProducerName("p")
                .build();
    }

    private Consumer subscribe(int receiveBuffer) {
        return client.newConsumer().topic(TOPIC).name("c1").subscription("s1").type(SubscriptionType.SHARED)
                .receiveBuffer(receiveBuffer).subscribe();
    }

    @Test
    void waitsInTheBackgroundUntilTheTopicExists() {
        broker.partitions = call -> call < 3 ? List.of() : List.of(TOPIC);
        broker.streamHandler = (stream, observer) -> observer.onNext(message(TOPIC, 1, 4));

        Consumer consumer = subscribe(10);

        assertThat(consumer.isReady()).isFalse();
        ReceivedMessage received = consumer.receive(Duration.ofSeconds(10));
        assertThat(received).isNotNull();
        assertThat(broker.partitionCalls.get()).isGreaterThanOrEqualTo(4);
        assertThat(received.partitionTopic()).isEqualTo(TOPIC);
    }

    @Test
    void reportsTheMissingTopicWhileWaiting() {
        Consumer consumer = subscribe(10);
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.lastError().isPresent());
        assertThat(consumer.lastError().get()).hasMessageContaining("does not exist yet");
    }

    @Test
    void siblingsInThePartitionScanAreNotSubscribed() {
        java.util.concurrent.atomic.AtomicBoolean partitionExists = new java.util.concurrent.atomic.AtomicBoolean();
        broker.partitions = call -> partitionExists.get() ? List.of(TOPIC + "-dlq", TOPIC + "-part-0")
                : List.of(TOPIC + "-dlq");
        broker.streamHandler = (stream, observer) -> observer.onNext(message(TOPIC + "-part-0", 1, 4));

        Consumer consumer = subscribe(10);
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.lastError().isPresent());
        assertThat(consumer.lastError().get()).hasMessageContaining("does not exist yet");
        assertThat(broker.subscribes.get()).isZero();
        partitionExists.set(true);
        ReceivedMessage received = consumer.receive(Duration.ofSeconds(10));
        assertThat(received.partitionTopic()).isEqualTo(TOPIC + "-part-0");
        await().until(consumer::isReady);
        assertThat(broker.subscribes.get()).as("only the partition, never " + TOPIC + "-dlq").isEqualTo(1);
    }

    @Test
    void subscribesEveryPartitionAndLabelsMessages() {
        broker.partitions = call -> List.of(TOPIC + "-part-1", TOPIC + "-part-0");
        // Stream numbers follow subscription order, which is partition order.
        broker.streamHandler = (stream, observer) -> observer.onNext(message(TOPIC + "-part-" + stream, 5, 4));
        Consumer consumer = subscribe(10);

        List<ReceivedMessage> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            received.addAll(consumer.receiveBatch(10, Duration.ofMillis(100)));
            return received.size() == 2;
        });
        assertThat(received).extracting(m -> m.partitionTopic() + "=" + m.partition().getAsInt())
                .containsExactlyInAnyOrder(TOPIC + "-part-0=0", TOPIC + "-part-1=1");
        assertThat(received).allSatisfy(m -> assertThat(m.topic()).isEqualTo(TOPIC));
        await().atMost(Duration.ofSeconds(5)).until(consumer::isReady);
        assertThat(broker.subscribes.get()).isEqualTo(2);
    }

    @Test
    void reopensTheStreamAfterItFails() {
        broker.partitions = call -> List.of(TOPIC);
        broker.streamHandler = (stream, observer) -> {
            observer.onNext(message(TOPIC, stream, 4));
            if (stream == 0) {
                observer.onError(Status.UNAVAILABLE.withDescription("broker restarting").asRuntimeException());
            }
        };
        Consumer consumer = subscribe(10);

        List<Long> offsets = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            ReceivedMessage m = consumer.receive(Duration.ofMillis(100));
            if (m != null) {
                offsets.add(m.messageId().topicOffset());
            }
            return offsets.size() == 2;
        });
        assertThat(offsets).containsExactly(0L, 1L);
        assertThat(broker.subscribes.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void healthCheckCloseResubscribes() {
        broker.partitions = call -> List.of(TOPIC);
        broker.healthOutcome = call -> call == 0 ? HealthCheckResponse.ClientStatus.CLOSE
                : HealthCheckResponse.ClientStatus.OK;
        Consumer consumer = subscribe(10);
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.subscribes.get() >= 2 && consumer.isReady());
        assertThat(broker.streams.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void slowApplicationStopsTheStream() {
        broker.partitions = call -> List.of(TOPIC);
        int total = 2000;
        AtomicInteger sent = new AtomicInteger();
        broker.streamHandler = (stream, observer) -> observer.setOnReadyHandler(() -> {
            // Send only while gRPC flow control lets us: a client that stops reading stops this loop.
            while (observer.isReady() && sent.get() < total) {
                observer.onNext(message(TOPIC, sent.getAndIncrement(), 16 * 1024));
            }
        });
        Consumer consumer = subscribe(10);

        await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() > 0);
        // Nobody reads: the broker must stall far below the total (local buffer + the HTTP/2 window).
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> sent.get() < total / 2);
        int stalledAt = sent.get();

        int received = 0;
        while (received < total) {
            List<ReceivedMessage> batch = consumer.receiveBatch(100, Duration.ofSeconds(5));
            assertThat(batch).as("stream stalled after %d of %d", received, total).isNotEmpty();
            assertThat(batch.size()).isLessThanOrEqualTo(100);
            received += batch.size();
        }
        assertThat(received).isEqualTo(total);
        System.out.printf("back-pressure test: broker stalled at %d of %d messages until the app read%n",
                stalledAt, total);
    }

    @Test
    void acksCarryTheMessageIdAndOwnSubscription() throws Exception {
        broker.partitions = call -> List.of(TOPIC);
        broker.streamHandler = (stream, observer) -> observer.onNext(message(TOPIC, 9, 4));
        Consumer consumer = subscribe(10);
        ReceivedMessage m = consumer.receive(Duration.ofSeconds(10));
        consumer.ack(m).get();
        assertThat(broker.acks).singleElement().satisfies(ack -> {
            assertThat(ack.getSubscriptionName()).isEqualTo("s1");
            assertThat(ack.getMsgId().getTopicOffset()).isEqualTo(9);
        });
    }
}
