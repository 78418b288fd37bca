package com.danubemessaging.connect.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.SourceMode;
import com.danubemessaging.connect.client.OutgoingMessage;
import com.danubemessaging.connect.client.Producer;
import com.danubemessaging.connect.runtime.deadletter.DeadLetterPublisher;
import com.danubemessaging.connect.testkit.DanubeBrokerExtension;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.SubscriptionStart;
import com.danubemessaging.connect.proto.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each error kind a sink can raise: Retryable with recovery, InvalidData (dead letter / nack), Fatal, health. */
class SinkErrorHandlingTest {
    private static final int TOTAL = 200;

    @RegisterExtension
    static final DanubeBrokerExtension DANUBE = DanubeBrokerExtension.create(b -> b
            .subscriptionStart(SubscriptionStart.EARLIEST).maxUnackedMessages(1000));

    /** Publishes {"seq": i} for i in [0, TOTAL) with a plain producer. */
    private static void publish(String topic) throws Exception {
        SequenceSource source = new SequenceSource(topic, TOTAL, TOTAL, SourceMode.POLLING);
        try (RuntimeHarness run = RuntimeHarness.start(DANUBE.serviceUrl(), "feeder" + topic.replace('/', '-'),
                source)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> source.highestCommitted.get() == TOTAL - 1);
            run.stopAndAwait();
        }
    }

    @Test
    void retryableFailuresAreRetriedAndNothingIsLost() throws Exception {
        String topic = "/default/sink-retry";
        publish(topic);
        CollectingSink sink = new CollectingSink(topic, "retry-sub");
        sink.retryableFailuresLeft.set(2);
        try (RuntimeHarness run = RuntimeHarness.start(DANUBE.serviceUrl(), "retry-sink", sink)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.distinct() == TOTAL);
            assertThat(run.counter("danube.connector.messages.retried", topic, null)).isPositive();
            assertThat(run.counter("danube.connector.messages.failed", topic, "retryable")).isPositive();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> DANUBE.broker().ackedCount(topic, "retry-sub") == TOTAL);
            assertThat(sink.duplicates()).isZero();
            run.stopAndAwait();
        }
    }

    @Test
    void retryableFailuresBeyondMaxRetriesKeepBeingRetriedAndAreNeverNacked() throws Exception {
        String topic = "/default/sink-retry-exhausted";
        publish(topic);
        CollectingSink sink = new CollectingSink(topic, "exhausted-sub");
        sink.retryableFailuresLeft.set(6); // max_retries = 3: past it the runtime reports itself stalled and goes on
        try (RuntimeHarness run = RuntimeHarness.start(DANUBE.serviceUrl(), "exhausted-sink", sink)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> run.health.readinessProblem()
                    .filter(r -> r.contains("sink cannot write: target database busy")).isPresent());
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.distinct() == TOTAL);
            DanubeTestBroker broker = DANUBE.broker();
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.ackedCount(topic, "exhausted-sub") == TOTAL);
            assertThat(broker.callCount(com.danubemessaging.connect.testkit.Rpc.NACK)).isZero();
            assertThat(broker.redeliveredCount(topic, "exhausted-sub")).isZero();
            assertThat(sink.duplicates()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(run::ready);
            run.stopAndAwait();
        }
    }

    @Test
    void invalidRecordsGoToTheDeadLetterTopicAndTheRestOfTheBatchIsWritten() throws Exception {
        String topic = "/default/sink-invalid-dlq";
        String dlq = "/default/sink-dead-letters";
        publish(topic);
        CollectingSink sink = new CollectingSink(topic, "dlq-sub");
        sink.invalidSeqs.addAll(List.of(17, 120));
        try (RuntimeHarness run = RuntimeHarness.start(DANUBE.serviceUrl(), "dlq-sink", sink,
                p -> p.withDeadLetterTopic(dlq))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.distinct() == TOTAL - 2);
            DanubeTestBroker broker = DANUBE.broker();
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(dlq) == 2);
            List<StreamMessage> dead = broker.messages(dlq);
            assertThat(dead).extracting(m -> m.getPayload().toString(StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("{\"seq\":17}", "{\"seq\":120}");
            assertThat(dead.get(0).getAttributesMap())
                    .containsEntry(DeadLetterPublisher.ATTR_ORIGIN_TOPIC, topic)
                    .containsKey(DeadLetterPublisher.ATTR_REASON);
            assertThat(run.counter("danube.connector.messages.failed", topic, "invalid_data")).isEqualTo(2);
            // dead-lettered records are settled, so the subscription is fully acked
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.ackedCount(topic, "dlq-sub") == TOTAL);
            assertThat(sink.deliveries).doesNotContainKeys(17, 120);
            run.stopAndAwait();
        }
    }

    @Test
    void invalidRecordsWithoutDeadLetterTopicAreAckedCountedAndNeverNacked() throws Exception {
        String topic = "/default/sink-invalid-skip";
        publish(topic);
        CollectingSink sink = new CollectingSink(topic, "skip-sub");
        sink.invalidSeqs.add(42);
        try (RuntimeHarness run = RuntimeHarness.start(DANUBE.serviceUrl(), "skip-sink", sink)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.distinct() == TOTAL - 1);
            DanubeTestBroker broker = DANUBE.broker();
            // a nack would come back and, after the redeliveries, block the subscription; it is acked instead
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.ackedCount(topic, "skip-sub") == TOTAL);
            assertThat(broker.callCount(com.danubemessaging.connect.testkit.Rpc.NACK)).isZero();
            assertThat(broker.unackedCount(topic, "skip-sub")).isZero();
            assertThat(run.counter("danube.connector.messages.failed", topic, "invalid_data")).isEqualTo(1);
            assertThat(sink.deliveries).doesNotContainKey(42);
            run.stopAndAwait();
        }
    }

    @Test
    void aFatalErrorStopsTheRuntimeWithoutAckingUnprocessedRecords() throws Exception {
        String topic = "/default/sink-fatal";
        publish(topic);
        CollectingSink sink = new CollectingSink(topic, "fatal-sub");
        sink.fatalAtSeq = 150;
        try (RuntimeHarness run = RuntimeHarness.start(DANUBE.serviceUrl(), "fatal-sink", sink)) {
            await().atMost(Duration.ofSeconds(30)).until(run::exited);
            assertThatThrownBy(() -> run.awaitExit(Duration.ofSeconds(1))).isInstanceOf(FatalException.class)
                    .hasMessageContaining("target table was dropped");
            assertThat(sink.shutdownCalled).isTrue();
            assertThat(sink.deliveries).doesNotContainKey(150);
            // only what the sink wrote was acked
            assertThat(DANUBE.broker().ackedCount(topic, "fatal-sub")).isEqualTo(sink.distinct());
        }
    }

    @Test
    void failingHealthChecksUpToTheThresholdAreFatal() throws Exception {
        String topic = "/default/sink-health";
        CollectingSink sink = new CollectingSink(topic, "health-sub");
        sink.unhealthy = true;
        try (RuntimeHarness run = RuntimeHarness.start(DANUBE.serviceUrl(), "health-sink", sink)) {
            await().atMost(Duration.ofSeconds(10)).until(run::exited);
            assertThat(run.failure()).isInstanceOf(FatalException.class)
                    .hasMessageContaining("health check failed 3 consecutive times");
            assertThat(run.health.isReady()).isFalse();
        }
    }

    @Test
    void messagesWithAnotherSchemaSubjectThanExpectedAreInvalidData() throws Exception {
        String topic = "/default/sink-wrong-subject";
        String dlq = "/default/sink-wrong-subject-dlq";
        try (var client = com.danubemessaging.connect.client.DanubeClient.builder().serviceUrl(DANUBE.serviceUrl())
                .build()) {
            client.schemaRegistry().register("other-rows", "json_schema",
                    "{\"type\":\"object\"}".getBytes(StandardCharsets.UTF_8));
            try (Producer p = client.newProducer().topic(topic).name("raw").reliable(true)
                    .schema(com.danubemessaging.connect.client.SchemaRef.latest("other-rows")).create()) {
                p.send(OutgoingMessage.of("{\"seq\":1}".getBytes(StandardCharsets.UTF_8)));
            }
        }
        CollectingSink sink = new CollectingSink(topic, "subject-sub");
        sink.expectedSubject = "rows";
        try (RuntimeHarness run = RuntimeHarness.start(DANUBE.serviceUrl(), "subject-sink", sink,
                p -> p.withDeadLetterTopic(dlq))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> DANUBE.broker().messageCount(dlq) == 1);
            assertThat(DANUBE.broker().messages(dlq).get(0).getAttributesMap().get(DeadLetterPublisher.ATTR_REASON))
                    .contains("other-rows").contains("expects 'rows'");
            assertThat(sink.distinct()).isZero();
            run.stopAndAwait();
        }
    }

    @Test
    void undecodableMessagesOfAJsonSchemaTopicAreInvalidData() throws Exception {
        String topic = "/default/sink-not-json";
        String dlq = "/default/sink-not-json-dlq";
        try (var client = com.danubemessaging.connect.client.DanubeClient.builder().serviceUrl(DANUBE.serviceUrl())
                .build()) {
            client.schemaRegistry().register("rows", "json_schema",
                    "{\"type\":\"object\"}".getBytes(StandardCharsets.UTF_8));
            try (Producer p = client.newProducer().topic(topic).name("raw").reliable(true)
                    .schema(com.danubemessaging.connect.client.SchemaRef.latest("rows")).create()) {
                p.send(OutgoingMessage.of("{\"seq\":1}".getBytes(StandardCharsets.UTF_8)));
                p.send(OutgoingMessage.of("not json".getBytes(StandardCharsets.UTF_8)));
                p.send(OutgoingMessage.of("{\"seq\":3}".getBytes(StandardCharsets.UTF_8)));
            }
        }
        CollectingSink sink = new CollectingSink(topic, "decode-sub");
        try (RuntimeHarness run = RuntimeHarness.start(DANUBE.serviceUrl(), "decode-sink", sink,
                p -> p.withDeadLetterTopic(dlq))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> sink.distinct() == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> DANUBE.broker().messageCount(dlq) == 1);
            assertThat(DANUBE.broker().messages(dlq).get(0).getPayload().toStringUtf8()).isEqualTo("not json");
            run.stopAndAwait();
        }
    }
}
