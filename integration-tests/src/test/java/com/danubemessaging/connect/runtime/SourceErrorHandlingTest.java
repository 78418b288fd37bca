package com.danubemessaging.connect.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.SchemaMapping;
import com.danubemessaging.connect.api.SourceMode;
import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.runtime.deadletter.DeadLetterPublisher;
import com.danubemessaging.connect.testkit.DanubeBrokerExtension;
import com.danubemessaging.connect.testkit.Rpc;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each error kind a source can meet: Retryable (connector and broker), InvalidData (skip / dead letter), Fatal. */
class SourceErrorHandlingTest {
    private static final int TOTAL = 300;

    @RegisterExtension
    static final DanubeBrokerExtension DANUBE = DanubeBrokerExtension.create();

    @Test
    void retryablePollFailuresAreRetriedAndNothingIsLost() throws Exception {
        String topic = "/default/src-retry";
        SequenceSource source = new SequenceSource(topic, TOTAL, 50, SourceMode.POLLING);
        source.retryableFailuresLeft.set(3);
        try (RuntimeHarness run = RuntimeHarness.start(DANUBE.serviceUrl(), "src-retry", source)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> source.highestCommitted.get() == TOTAL - 1);
            assertThat(DANUBE.broker().messageCount(topic)).isEqualTo(TOTAL);
            assertThat(run.counter("danube.connector.messages.failed", topic, "retryable")).isEqualTo(3);
            run.stopAndAwait();
        }
    }

    @Test
    void failedSendsAreResentNotDroppedAndOffsetsWaitForThem() throws Exception {
        String topic = "/default/src-send-fail";
        SequenceSource source = new SequenceSource(topic, TOTAL, 50, SourceMode.POLLING);
        // make sends fail beyond the client's own retries, so the runtime's retry loop has to resend
        DANUBE.broker().failNext(Rpc.SEND_MESSAGE, 40, Status.Code.UNAVAILABLE);
        try (RuntimeHarness run = RuntimeHarness.start(DANUBE.serviceUrl(), "src-send-fail", source)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> source.highestCommitted.get() == TOTAL - 1);
            // at least once: the client may resend its in-flight window after a failure, so count distinct records
            assertThat(DANUBE.broker().messages(topic).stream().map(m -> m.getAttributesMap().get("seq"))
                    .distinct()).doesNotContainNull().hasSize(TOTAL);
            run.stopAndAwait();
        } finally {
            DANUBE.broker().clearFaults();
        }
    }

    @Test
    void invalidRecordsAreSkippedOrDeadLetteredAndCounted() throws Exception {
        String topic = "/default/src-invalid";
        String dlq = "/default/src-invalid-dlq";
        SequenceSource source = new SequenceSource(topic, 20, 20, SourceMode.POLLING);
        // the topic's schema type is number; every 5th record is a string, which cannot be encoded
        source.recordFactory = i -> i % 5 == 0 ? SourceRecord.ofString(topic, "oops-" + i)
                : SourceRecord.ofNumber(topic, i);
        var config = RuntimeHarness.config(DANUBE.serviceUrl(), "src-invalid")
                .addSchema(SchemaMapping.of(topic, "src-invalid-numbers", "number", null));
        config.processing(RuntimeHarness.config(DANUBE.serviceUrl(), "x").build().processing()
                .withDeadLetterTopic(dlq));
        try (RuntimeHarness run = RuntimeHarness.start(config.build(), source)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> source.highestCommitted.get() == 19);
            assertThat(DANUBE.broker().messageCount(topic)).isEqualTo(16);
            assertThat(DANUBE.broker().messageCount(dlq)).isEqualTo(4);
            assertThat(DANUBE.broker().messages(dlq).get(0).getAttributesMap())
                    .containsEntry(DeadLetterPublisher.ATTR_ORIGIN_TOPIC, topic);
            assertThat(DANUBE.broker().messages(topic).get(0).hasSchemaId()).isTrue();
            // a record the runtime cannot encode for the topic's schema type is a serialization failure
            assertThat(run.counter("danube.connector.messages.failed", topic, "serialization")).isEqualTo(4);
            assertThat(run.counter("danube.connector.messages.processed", topic, null)).isEqualTo(16);
            run.stopAndAwait();
        }
    }

    @Test
    void aFatalPollErrorStopsTheRuntimeInOrder() throws Exception {
        String topic = "/default/src-fatal";
        SequenceSource source = new SequenceSource(topic, TOTAL, 10, SourceMode.POLLING);
        source.fatalAtPoll = 3;
        try (RuntimeHarness run = RuntimeHarness.start(DANUBE.serviceUrl(), "src-fatal", source)) {
            await().atMost(Duration.ofSeconds(10)).until(run::exited);
            assertThat(run.failure()).isInstanceOf(FatalException.class).hasMessageContaining("lost its position");
            assertThat(source.shutdownCalled).isTrue();
            // the two batches polled before the error were published and committed
            assertThat(source.highestCommitted.get()).isEqualTo(19);
            assertThat(DANUBE.broker().messageCount(topic)).isEqualTo(20);
        }
    }

    @Test
    void aRecordForAnUnconfiguredTopicIsAClearFatalError() throws Exception {
        SequenceSource source = new SequenceSource("/default/src-configured", 10, 10, SourceMode.POLLING);
        source.recordFactory = i -> SourceRecord.ofObject("/default/src-elsewhere", Map.of("seq", i));
        try (RuntimeHarness run = RuntimeHarness.start(DANUBE.serviceUrl(), "src-unknown", source)) {
            await().atMost(Duration.ofSeconds(10)).until(run::exited);
            assertThat(run.failure()).isInstanceOf(FatalException.class)
                    .hasMessageContaining("/default/src-elsewhere")
                    .hasMessageContaining("/default/src-configured");
            assertThat(source.commits).isEmpty();
        }
    }

    @Test
    void noProducerConfigIsAConfigurationError() throws Exception {
        SequenceSource source = new SequenceSource("/default/src-none", 10, 10, SourceMode.POLLING);
        source.producers = List.<ProducerConfig>of();
        try (RuntimeHarness run = RuntimeHarness.start(DANUBE.serviceUrl(), "src-none", source)) {
            await().atMost(Duration.ofSeconds(10)).until(run::exited);
            assertThat(run.failure()).isInstanceOf(FatalException.class).hasMessageContaining("producerConfigs()");
        }
    }

    @Test
    void streamingStopPublishesEverythingTheConnectorHandedOver() throws Exception {
        String topic = "/default/src-stream-stop";
        SequenceSource source = new SequenceSource(topic, 100_000, 0, SourceMode.STREAMING);
        try (RuntimeHarness run = RuntimeHarness.start(DANUBE.serviceUrl(), "src-stream-stop", source)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> DANUBE.broker().messageCount(topic) > 1000);
            run.stopAndAwait();
            // what send() accepted, counted on the connector's side: the stop came mid-stream
            java.util.Set<Integer> accepted = new java.util.TreeSet<>(source.accepted);
            assertThat(accepted).hasSizeBetween(1001, 99_999);
            // every accepted record, and only those, was published exactly once, and its offset committed
            assertThat(DANUBE.broker().messages(topic).stream()
                    .map(m -> Integer.parseInt(m.getAttributesMap().get("seq"))).toList())
                    .containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(source.published).containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(source.highestCommitted.get()).isEqualTo(accepted.size() - 1);
            assertThat(source.shutdownCalled).isTrue();
        }
    }
}
