package com.danubemessaging.connect.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.HealthCheckResponse;
import com.danubemessaging.connect.proto.StreamMessage;
import com.danubemessaging.connect.proto.schema.GetSchemaResponse;
import io.grpc.Status;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProducerBehaviourTest {

    private static final String TOPIC = "/default/orders";
    private static final RetryOptions FAST = new RetryOptions(3, Duration.ofMillis(10), Duration.ofMillis(50));

    private ScriptedBroker broker;
    private DanubeClient client;

    @BeforeEach
    void start() throws Exception {
        broker = new ScriptedBroker();
        client = DanubeClient.builder().serviceUrl(broker.url()).retry(FAST).build();
    }

    @AfterEach
    void stop() {
        client.close();
        broker.close();
    }

    private static OutgoingMessage text(String s) {
        return OutgoingMessage.of(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> payloads(List<StreamMessage> messages) {
        return messages.stream().map(m -> m.getPayload().toStringUtf8()).toList();
    }

    @Test
    void retriesInjectedUnavailableAndThenSucceeds() {
        broker.sendOutcome = call -> call < 2 ? Status.UNAVAILABLE.withDescription("injected") : null;
        Producer producer = client.newProducer().topic(TOPIC).name("p").create();

        producer.send(text("m1"));

        assertThat(broker.sendCalls.get()).isEqualTo(3);
        assertThat(payloads(broker.accepted)).containsExactly("m1");
        assertThat(broker.creates.get()).isEqualTo(1);
    }

    @Test
    void pipelinedSendsKeepOrderWhenOneFailsInTheMiddle() {
        broker.sendOutcome = call -> call == 50 ? Status.UNAVAILABLE.withDescription("injected") : null;
        Producer producer = client.newProducer().topic(TOPIC).name("p").maxInFlight(16).create();

        List<CompletableFuture<MessageId>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(producer.sendAsync(text("m" + i)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

        List<String> log = payloads(broker.accepted);
        // Every message is in the broker's log, in send order (a resent window may add duplicates after the gap).
        int next = 0;
        for (String payload : log) {
            if (next < 200 && payload.equals("m" + next)) {
                next++;
            }
        }
        assertThat(next).as("messages found in order in %s", log).isEqualTo(200);
        System.out.printf("pipelined order test: %d accepted, %d duplicates%n", log.size(), log.size() - 200);
    }

    @Test
    void unknownProducerIdRecreatesTheProducer() {
        broker.sendOutcome = call -> call == 0 ? Status.NOT_FOUND.withDescription("producer not found") : null;
        Producer producer = client.newProducer().topic(TOPIC).name("p").create();

        producer.send(text("after-recreate"));

        assertThat(broker.creates.get()).isEqualTo(2);
        assertThat(payloads(broker.accepted)).containsExactly("after-recreate");
    }

    @Test
    void healthCheckCloseRecreatesTheProducer() {
        broker.healthOutcome = call -> call == 0 ? HealthCheckResponse.ClientStatus.CLOSE
                : HealthCheckResponse.ClientStatus.OK;
        try (DanubeClient fastHealth = DanubeClient.builder().serviceUrl(broker.url()).retry(FAST)
                .healthCheckInterval(Duration.ofMillis(50)).build()) {
            Producer producer = fastHealth.newProducer().topic(TOPIC).name("p").create();
            await().atMost(Duration.ofSeconds(5)).until(() -> broker.creates.get() >= 2);
            producer.send(text("still works"));
            assertThat(payloads(broker.accepted)).containsExactly("still works");
        }
    }

    @Test
    void permanentErrorFailsOnlyThatMessage() {
        broker.sendOutcome = call -> call == 1 ? Status.INVALID_ARGUMENT.withDescription("message too large") : null;
        Producer producer = client.newProducer().topic(TOPIC).name("p").maxInFlight(1).create();

        producer.send(text("a"));
        assertThatThrownBy(() -> producer.send(text("too big")))
                .isInstanceOf(DanubeClientException.class)
                .hasMessageContaining("message too large");
        producer.send(text("c"));

        assertThat(payloads(broker.accepted)).containsExactly("a", "c");
    }

    @Test
    void dispatchStrategyMismatchNamesTheCause() {
        broker.createOutcome = call -> Status.FAILED_PRECONDITION
                .withDescription("Producer requested dispatch strategy does not match topic strategy");
        assertThatThrownBy(() -> client.newProducer().topic(TOPIC).name("p").reliable(true).create())
                .isInstanceOf(DanubeClientException.class)
                .hasMessageContaining("Dispatch strategy mismatch")
                .satisfies(e -> assertThat(((DanubeClientException) e).code())
                        .isEqualTo(Status.Code.FAILED_PRECONDITION));
        assertThat(broker.creates.get()).isEqualTo(1);
    }

    @Test
    void missingNamespaceNamesTheCauseAfterRetries() {
        broker.createOutcome = call -> Status.UNAVAILABLE
                .withDescription("Unable to find the namespace nowhere");
        assertThatThrownBy(() -> client.newProducer().topic("/nowhere/orders").name("p").create())
                .isInstanceOf(DanubeClientException.class)
                .hasMessageContaining("Namespace of topic '/nowhere/orders' does not exist")
                .satisfies(e -> assertThat(((DanubeClientException) e).isRetryable()).isTrue());
        assertThat(broker.creates.get()).isEqualTo(FAST.maxRetries() + 1);
    }

    @Test
    void unreachableServiceUrlFailsAfterTheConfiguredRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (DanubeClient unreachable = DanubeClient.builder().serviceUrl("http://127.0.0.1:" + closedPort)
                .retry(FAST).build()) {
            assertThatThrownBy(() -> unreachable.newProducer().topic(TOPIC).name("p").create())
                    .isInstanceOf(DanubeClientException.class)
                    .hasMessageContaining("unreachable")
                    .hasMessageContaining("after 4 attempts");
            assertThat(unreachable.isConnected()).isFalse();
        }
    }

    @Test
    void invalidTopicNameIsRejectedBeforeAnyCall() {
        assertThatThrownBy(() -> client.newProducer().topic("orders").name("p").create())
                .isInstanceOf(DanubeClientException.class)
                .hasMessageContaining("Invalid topic name 'orders'");
        assertThat(broker.creates.get()).isZero();
    }

    @Test
    void partitionedProducerRoutesKeysWithFnvAndTheRestRoundRobin() {
        Producer producer = client.newProducer().topic(TOPIC).name("p").partitions(3).create();
        assertThat(producer.partitionCount()).isEqualTo(3);
        assertThat(broker.createRequests).extracting(r -> r.getTopicName() + "|" + r.getProducerName())
                .containsExactlyInAnyOrder(TOPIC + "-part-0|p-0", TOPIC + "-part-1|p-1", TOPIC + "-part-2|p-2");

        for (String key : List.of("a", "foobar", "customer-17", "")) {
            MessageId id = producer.send(text("k:" + key).key(key));
            assertThat(id.topicName()).isEqualTo(TOPIC + "-part-" + Fnv1a.partitionFor(key, 3));
        }
        List<String> roundRobin = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            roundRobin.add(producer.send(text("rr" + i)).topicName());
        }
        assertThat(roundRobin).containsExactly(TOPIC + "-part-0", TOPIC + "-part-1", TOPIC + "-part-2",
                TOPIC + "-part-0", TOPIC + "-part-1", TOPIC + "-part-2");
        assertThat(broker.accepted).filteredOn(m -> m.getPayload().toStringUtf8().startsWith("k:"))
                .allSatisfy(m -> assertThat(m.hasRoutingKey()).isTrue());
    }

    @Test
    void schemaReferenceIsResolvedAndStampedOnEveryMessage() {
        broker.latestSchema = GetSchemaResponse.newBuilder().setSchemaId(11).setVersion(3).setSubject("orders-v")
                .setSchemaType("json_schema").build();

        Producer latest = client.newProducer().topic(TOPIC).name("p1").schema(SchemaRef.latest("orders-v")).create();
        latest.send(text("x"));
        Producer pinned = client.newProducer().topic(TOPIC).name("p2").schema(SchemaRef.pinned("orders-v", 2))
                .create();
        pinned.send(text("y"));

        assertThat(broker.accepted).extracting(m -> m.getSchemaId() + "/" + m.getSchemaVersion())
                .containsExactly("11/3", "11/2");
        assertThat(broker.createRequests.get(0).getSchemaRef().getUseLatest()).isTrue();
        assertThat(broker.createRequests.get(1).getSchemaRef().getPinnedVersion()).isEqualTo(2);
        assertThatThrownBy(() -> client.newProducer().topic(TOPIC).name("p3")
                .schema(SchemaRef.minimum("orders-v", 4)).create())
                .isInstanceOf(DanubeClientException.class)
                .hasMessageContaining("below the required minimum 4");
        assertThatThrownBy(() -> client.newProducer().topic(TOPIC).name("p4")
                .schema(SchemaRef.latest("unknown")).create())
                .isInstanceOf(DanubeClientException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void flushWaitsForEverySend() {
        Producer producer = client.newProducer().topic(TOPIC).name("p").maxInFlight(8).create();
        List<CompletableFuture<MessageId>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(producer.sendAsync(text("f" + i)));
        }
        producer.flush();
        assertThat(futures).allMatch(CompletableFuture::isDone);
        producer.close();
        assertThat(payloads(broker.accepted)).hasSize(50);
        assertThat(futures.get(49).orTimeout(1, TimeUnit.SECONDS).join().topicName()).isEqualTo(TOPIC);
    }
}
