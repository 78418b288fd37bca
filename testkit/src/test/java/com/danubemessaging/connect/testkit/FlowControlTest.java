package com.danubemessaging.connect.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.ConsumerRequest.SubscriptionType;
import com.danubemessaging.connect.proto.DispatchStrategy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The broker respects client flow control instead of buffering without bound for a slow reader. */
class FlowControlTest {

    private static final String PAYLOAD = "x".repeat(4096);

    @Test
    void reliableDeliveryWaitsForASlowReaderAndLosesNothing() throws Exception {
        int total = 3000; // 12 MB, far more than the HTTP/2 windows hold
        try (DanubeTestBroker broker = DanubeTestBroker.builder().maxUnackedMessages(10_000).build().start();
             RawClient client = new RawClient(broker)) {
            String topic = "/default/slow-reliable";
            long producer = client.reliableProducer(topic, "p");
            RawClient.Inbox inbox = client.receiveWithManualFlowControl(
                    client.subscribe(topic, "sub", "slow", SubscriptionType.Exclusive), 0);
            await().until(() -> broker.activeConsumers(topic, "sub").size() == 1);
            client.sendConcurrently(producer, topic, "p", PAYLOAD, total);
            assertThat(broker.unackedCount(topic, "sub")).as("dispatched while the reader reads nothing")
                    .isLessThan(total / 2);
            assertThat(inbox.received()).isZero();

            inbox.request(Integer.MAX_VALUE);
            await().atMost(Duration.ofSeconds(30)).until(() -> inbox.received() == total);
            assertThat(inbox.all).extracting(m -> m.getMsgId().getTopicOffset())
                    .isEqualTo(java.util.stream.LongStream.range(0, total).boxed().toList());
        }
    }

    @Test
    void nonReliableDeliveryDropsBeyondABoundedBufferForASlowReader() throws Exception {
        int total = 5000;
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start();
             RawClient client = new RawClient(broker)) {
            String topic = "/default/slow-fast";
            long producer = client.createProducer(topic, "p", DispatchStrategy.NonReliable);
            RawClient.Inbox inbox = client.receiveWithManualFlowControl(
                    client.subscribe(topic, "sub", "slow", SubscriptionType.Exclusive), 0);
            await().until(() -> broker.activeConsumers(topic, "sub").size() == 1);
            client.sendConcurrently(producer, topic, "p", PAYLOAD, total);
            long dropped = broker.droppedCount(topic, "sub");
            assertThat(dropped).isPositive();

            inbox.request(Integer.MAX_VALUE);
            await().atMost(Duration.ofSeconds(30)).until(() -> inbox.received() == total - dropped);
            assertThat(broker.droppedCount(topic, "sub")).isEqualTo(dropped);
        }
    }
}
