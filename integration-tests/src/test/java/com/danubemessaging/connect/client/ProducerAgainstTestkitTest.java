package com.danubemessaging.connect.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.StreamMessage;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.Rpc;
import io.grpc.Metadata;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Producer-side client behaviour against the in-memory Danube broker. */
@Timeout(120)
class ProducerAgainstTestkitTest {

    private static final RetryOptions FAST = new RetryOptions(4, Duration.ofMillis(20), Duration.ofMillis(100));
    private static final Metadata.Key<String> BROKER_HEADER =
            Metadata.Key.of("x-danube-broker-url", Metadata.ASCII_STRING_MARSHALLER);

    private DanubeTestBroker broker;
    private DanubeClient client;

    private DanubeClient connect(DanubeTestBroker b) {
        broker = b;
        client = DanubeClient.builder().serviceUrl(b.serviceUrl()).retry(FAST)
                .healthCheckInterval(Duration.ofMillis(100)).build();
        return client;
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static OutgoingMessage text(String s) {
        return OutgoingMessage.of(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void looksUpAndSendsTheProxyHeaderOnEveryCall() {
        connect(DanubeTestBroker.builder().proxyMode(true).build().start());
        // Behind a proxy a topic nobody owns cannot be routed (the lookup says NOT_FOUND), so create it first.
        broker.createTopic("/default/proxied", com.danubemessaging.connect.proto.DispatchStrategy.NonReliable);
        Producer producer = client.newProducer().topic("/default/proxied").name("pp").create();
        MessageId id = producer.send(text("through the proxy").attributes(Map.of("a", "1")));

        assertThat(broker.callCount(Rpc.TOPIC_LOOKUP)).isPositive();
        assertThat(broker.lastMetadata(Rpc.CREATE_PRODUCER).get(BROKER_HEADER)).isEqualTo(broker.brokerUrl());
        assertThat(broker.lastMetadata(Rpc.SEND_MESSAGE).get(BROKER_HEADER)).isEqualTo(broker.brokerUrl());
        assertThat(id.brokerAddr()).isEqualTo(broker.brokerUrl());
        assertThat(broker.messages("/default/proxied")).singleElement()
                .satisfies(m -> assertThat(m.getAttributesMap()).containsEntry("a", "1"));
    }

    @Test
    void aFailedLookupFallsBackToTheServiceUrl() {
        connect(DanubeTestBroker.builder().build().start());
        broker.failNext(Rpc.TOPIC_LOOKUP, 1, Status.Code.NOT_FOUND);
        Producer producer = client.newProducer().topic("/default/fallback").name("pf").create();
        producer.send(text("x"));
        assertThat(broker.messageCount("/default/fallback")).isEqualTo(1);
    }

    @Test
    void partitionedProducerRoutesKeysByFnvAndOthersRoundRobin() {
        connect(DanubeTestBroker.builder().build().start());
        Producer producer = client.newProducer().topic("/default/parted").name("pk").partitions(3).create();
        assertThat(broker.topics()).contains("/default/parted-part-0", "/default/parted-part-1",
                "/default/parted-part-2");

        List<String> keys = List.of("eu-1", "eu-2", "us-1", "us-2", "ap-1", "a", "foobar");
        for (String key : keys) {
            producer.send(text(key).key(key));
        }
        for (int i = 0; i < 6; i++) {
            producer.send(text("rr" + i));
        }
        for (int p = 0; p < 3; p++) {
            List<StreamMessage> stored = broker.messages("/default/parted-part-" + p);
            int partition = p;
            assertThat(stored).filteredOn(StreamMessage::hasRoutingKey)
                    .allSatisfy(m -> assertThat(Fnv1aVectors.partitionFor(m.getRoutingKey(), 3))
                            .isEqualTo(partition));
            assertThat(stored).filteredOn(m -> !m.hasRoutingKey()).hasSize(2);
            assertThat(stored).allSatisfy(m -> assertThat(m.getProducerName()).isEqualTo("pk-" + partition));
        }
    }

    @Test
    void retriesInjectedUnavailable() {
        connect(DanubeTestBroker.builder().build().start());
        Producer producer = client.newProducer().topic("/default/flaky").name("pr").create();
        broker.failNext(Rpc.SEND_MESSAGE, 3, Status.Code.UNAVAILABLE);

        producer.send(text("eventually"));

        assertThat(broker.callCount(Rpc.SEND_MESSAGE)).isEqualTo(4);
        assertThat(broker.messageCount("/default/flaky")).isEqualTo(1);
    }

    @Test
    void healthCheckCloseAfterABrokerRestartRecreatesTheProducer() {
        connect(DanubeTestBroker.builder().build().start());
        Producer producer = client.newProducer().topic("/default/healthy").name("ph").reliable(true).create();
        assertThat(broker.callCount(Rpc.CREATE_PRODUCER)).isEqualTo(1);

        broker.restart();  // registrations are gone: the next health check answers CLOSE

        await().atMost(Duration.ofSeconds(30)).until(() -> broker.callCount(Rpc.CREATE_PRODUCER) >= 2);
        producer.send(text("after close"));
        assertThat(broker.messageCount("/default/healthy")).isEqualTo(1);
    }

    @Test
    void aWindowOfOneKeepsStrictOrder() {
        connect(DanubeTestBroker.builder().build().start());
        Producer strict = client.newProducer().topic("/default/ordered").name("po").reliable(true)
                .maxInFlight(1).create();
        for (int i = 0; i < 200; i++) {
            strict.sendAsync(text(Integer.toString(i)));
        }
        strict.flush();
        assertThat(payloads("/default/ordered")).containsExactlyElementsOf(
                IntStream.range(0, 200).mapToObj(Integer::toString).toList());
    }

    @Test
    void aWiderWindowDeliversEverythingInBoundedOrder() {
        connect(DanubeTestBroker.builder().build().start());
        int window = 32;
        Producer pipelined = client.newProducer().topic("/default/windowed").name("pw").reliable(true)
                .maxInFlight(window).create();
        List<CompletableFuture<MessageId>> sends = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sends.add(pipelined.sendAsync(text(Integer.toString(i))));
        }
        pipelined.flush();
        assertThat(sends).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        List<Integer> stored = storedIds("/default/windowed");
        assertThat(stored).hasSize(500).doesNotHaveDuplicates();
        assertBoundedOrder(stored, 500, window);
        // The testkit, like Danube's tonic server, runs concurrently received calls in parallel.
        long swapped = IntStream.range(1, stored.size()).filter(i -> stored.get(i) < stored.get(i - 1)).count();
        System.out.printf("window %d against testkit: %d of 500 stored right after a larger id%n", window, swapped);
    }

    @Test
    void failuresInsideAWindowAreResentGoBackNAndKeepTheBound() {
        connect(DanubeTestBroker.builder().build().start());
        int window = 16;
        Producer pipelined = client.newProducer().topic("/default/go-back").name("pg").reliable(true)
                .maxInFlight(window).create();
        List<CompletableFuture<MessageId>> sends = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            if (i == 100 || i == 200) {
                broker.failNext(Rpc.SEND_MESSAGE, 3, Status.Code.UNAVAILABLE);
            }
            sends.add(pipelined.sendAsync(text(Integer.toString(i))));
        }
        pipelined.flush();
        assertThat(sends).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        List<Integer> stored = storedIds("/default/go-back");
        assertThat(new java.util.HashSet<>(stored)).hasSize(300);
        assertBoundedOrder(stored, 300, window);
        System.out.printf("window %d with 6 injected failures: %d stored for 300 sent%n", window, stored.size());
    }

    /**
     * The guarantee of {@link Producer} for a window {@code n}: the first stored copy of every message comes after
     * the first stored copy of every message at least {@code n} positions before it.
     */
    private static void assertBoundedOrder(List<Integer> stored, int count, int window) {
        int[] firstIndex = new int[count];
        java.util.Arrays.fill(firstIndex, -1);
        for (int i = 0; i < stored.size(); i++) {
            if (firstIndex[stored.get(i)] < 0) {
                firstIndex[stored.get(i)] = i;
            }
        }
        int latestOfTheEarlier = -1;
        for (int id = window; id < count; id++) {
            latestOfTheEarlier = Math.max(latestOfTheEarlier, firstIndex[id - window]);
            assertThat(firstIndex[id]).as("first copy of %d is stored after all of 0..%d", id, id - window)
                    .isGreaterThan(latestOfTheEarlier);
        }
    }

    private List<Integer> storedIds(String topic) {
        return payloads(topic).stream().map(Integer::parseInt).toList();
    }

    private List<String> payloads(String topic) {
        return broker.messages(topic).stream().map(m -> m.getPayload().toStringUtf8()).toList();
    }

    /** FNV-1a 64 written out again here, so the routing is checked against an independent implementation. */
    static final class Fnv1aVectors {
        static int partitionFor(String key, int partitions) {
            long h = 0xcbf29ce484222325L;
            for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
                h ^= b & 0xff;
                h *= 0x100000001b3L;
            }
            return (int) Long.remainderUnsigned(h, partitions);
        }
    }
}
