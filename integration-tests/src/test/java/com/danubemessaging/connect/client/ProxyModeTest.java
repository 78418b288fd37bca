package com.danubemessaging.connect.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.Rpc;
import io.grpc.Metadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Behind a proxy (lookup answers {@code proxy = true}) every producer, consumer and health-check call must carry
 * {@code x-danube-broker-url}; the testkit in proxy mode refuses and counts the calls that do not.
 */
@Timeout(120)
class ProxyModeTest {

    private static final RetryOptions FAST = new RetryOptions(4, Duration.ofMillis(20), Duration.ofMillis(100));
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Metadata.Key<String> BROKER_HEADER =
            Metadata.Key.of("x-danube-broker-url", Metadata.ASCII_STRING_MARSHALLER);

    private static OutgoingMessage text(String s) {
        return OutgoingMessage.of(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyProducerConsumerAndHealthCallIsRoutedToTheOwningBroker() throws Exception {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().proxyMode(true).build().start();
             DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).retry(FAST)
                     .healthCheckInterval(Duration.ofMillis(100)).build()) {
            // Behind a proxy a topic nobody owns cannot be routed (the lookup says NOT_FOUND), so create it first.
            broker.createTopic("/default/routed", DispatchStrategy.Reliable);
            Consumer consumer = client.newConsumer().topic("/default/routed").name("rc").subscription("rs")
                    .subscribe();
            await().atMost(PATIENCE).until(consumer::isReady);
            Producer producer = client.newProducer().topic("/default/routed").name("rp").reliable(true).create();
            producer.send(text("routed"));

            ReceivedMessage first = consumer.receive(PATIENCE);
            assertThat(first).isNotNull();
            consumer.nack(first, Duration.ofMillis(10), "once more").get(30, TimeUnit.SECONDS);
            ReceivedMessage again = consumer.receive(PATIENCE);
            assertThat(again).isNotNull();
            consumer.ack(again).get(30, TimeUnit.SECONDS);

            // Health checks (producer, consumer, and the client's own probe) run every 100 ms. Probes sent before
            // the first lookup cannot know the broker URL yet; from then on nothing may go out unrouted.
            long checks = broker.callCount(Rpc.HEALTH_CHECK);
            await().atMost(PATIENCE).until(() -> broker.callCount(Rpc.HEALTH_CHECK) >= checks + 6);
            long unroutedBefore = broker.unroutedCallCount();
            long checksBefore = broker.callCount(Rpc.HEALTH_CHECK);
            await().atMost(PATIENCE).until(() -> broker.callCount(Rpc.HEALTH_CHECK) >= checksBefore + 9);

            assertThat(broker.unroutedCallCount()).isEqualTo(unroutedBefore);
            assertThat(client.isConnected()).isTrue();
            for (Rpc rpc : List.of(Rpc.CREATE_PRODUCER, Rpc.SEND_MESSAGE, Rpc.SUBSCRIBE, Rpc.RECEIVE_MESSAGES,
                    Rpc.ACK, Rpc.NACK, Rpc.HEALTH_CHECK)) {
                assertThat(broker.lastMetadata(rpc).get(BROKER_HEADER)).as(rpc.name()).isEqualTo(broker.brokerUrl());
            }
        }
    }
}
