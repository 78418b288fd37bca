package com.danubemessaging.connect.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.SchemaMapping;
import com.danubemessaging.connect.api.SourceMode;
import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.testkit.DanubeBrokerExtension;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a streaming source is told through the completion {@code SourceSender.send} returns (issue 8, item 1): each
 * record's completion settles on its own, normally only once the broker has the record, exceptionally with the reason
 * when the record is skipped, dead-lettered, or cut off by a stop or a fatal error. No accepted record is left
 * unsettled on any path.
 */
class StreamingSourceCompletionTest {

    @RegisterExtension
    final DanubeBrokerExtension danube = DanubeBrokerExtension.create();

    /** The seqs stored on a topic, from the {@code seq} attribute SequenceSource sets. */
    private Set<Integer> storedSeqs(String topic) {
        return danube.broker().messages(topic).stream().map(m -> Integer.parseInt(m.getAttributesMap().get("seq")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void eachCompletionSettlesOnItsOwnAndOnlyAfterTheBrokerHasTheRecord() throws Exception {
        String topic = "/default/complete-each";
        String dlq = "/default/complete-each-dlq";
        int total = 60;
        SequenceSource source = new SequenceSource(topic, total, 0, SourceMode.STREAMING);
        // the topic's schema type is number: every 5th record is a string, which cannot be encoded
        source.recordFactory = i -> (i % 5 == 0 ? SourceRecord.ofString(topic, "oops-" + i)
                : SourceRecord.ofNumber(topic, i)).withAttribute("seq", Integer.toString(i));
        Set<Integer> notYetStoredWhenCompleted = ConcurrentHashMap.newKeySet();
        source.onPublished = seq -> {
            if (!storedSeqs(topic).contains(seq)) {
                notYetStoredWhenCompleted.add(seq);
            }
        };
        var config = RuntimeHarness.config(danube.serviceUrl(), "complete-each")
                .addSchema(SchemaMapping.of(topic, "complete-each-numbers", "number", null));
        config.processing(RuntimeHarness.config(danube.serviceUrl(), "x").build().processing()
                .withDeadLetterTopic(dlq).withBatchSize(7));
        try (RuntimeHarness run = RuntimeHarness.start(config.build(), source)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> source.published.size() + source.failed.size() == total);
            Set<Integer> invalid = new TreeSet<>();
            for (int i = 0; i < total; i += 5) {
                invalid.add(i);
            }
            Set<Integer> valid = new TreeSet<>(source.accepted);
            valid.removeAll(invalid);
            assertThat(source.published).containsExactlyInAnyOrderElementsOf(valid);
            assertThat(source.failed.keySet()).containsExactlyInAnyOrderElementsOf(invalid);
            assertThat(source.failed.values()).allSatisfy(e -> assertThat(e).isInstanceOf(InvalidDataException.class)
                    .hasMessageContaining("is not a number"));
            assertThat(notYetStoredWhenCompleted).as("completed before the broker stored the record").isEmpty();
            assertThat(storedSeqs(topic)).isEqualTo(valid);
            assertThat(danube.broker().messages(dlq).stream().map(m -> m.getPayload().toStringUtf8()).toList())
                    .containsExactlyInAnyOrderElementsOf(invalid.stream().map(i -> "\"oops-" + i + "\"").toList());
            assertThat(run.counter("danube.connector.messages.failed", topic, "serialization")).isEqualTo(12);
            assertThat(run.inflight(topic)).isZero();
            run.stopAndAwait();
        }
    }

    @Test
    void withoutADeadLetterTopicAnInvalidRecordFailsItsCompletionAtOnce() throws Exception {
        String topic = "/default/complete-skip";
        SequenceSource source = new SequenceSource(topic, 10, 0, SourceMode.STREAMING);
        source.recordFactory = i -> (i == 4 ? SourceRecord.ofString(topic, "four") : SourceRecord.ofNumber(topic, i))
                .withAttribute("seq", Integer.toString(i));
        var config = RuntimeHarness.config(danube.serviceUrl(), "complete-skip")
                .addSchema(SchemaMapping.of(topic, "complete-skip-numbers", "number", null));
        try (RuntimeHarness run = RuntimeHarness.start(config.build(), source)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> source.published.size() + source.failed.size() == 10);
            assertThat(source.failed).containsOnlyKeys(4);
            assertThat(source.failed.get(4)).isInstanceOf(InvalidDataException.class);
            assertThat(storedSeqs(topic)).containsExactly(0, 1, 2, 3, 5, 6, 7, 8, 9);
            run.stopAndAwait();
        }
    }

    @Test
    void aStopMidStreamPublishesOrFailsEveryAcceptedRecord() throws Exception {
        String topic = "/default/complete-stop";
        int total = 100_000;
        SequenceSource source = new SequenceSource(topic, total, 0, SourceMode.STREAMING);
        try (RuntimeHarness run = RuntimeHarness.start(danube.serviceUrl(), "complete-stop", source)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> source.published.size() > 1000);
            run.stopAndAwait();
            Set<Integer> accepted = new HashSet<>(source.accepted);
            // the stop landed mid-stream: the connector was still sending
            assertThat(accepted.size()).isGreaterThan(1000).isLessThan(total);
            assertSettled(source, accepted);
            // the broker was up, so the stop published everything accepted, and exactly that
            assertThat(source.failed).isEmpty();
            assertThat(storedSeqs(topic)).isEqualTo(new TreeSet<>(accepted));
            assertThat(source.highestCommitted.get()).isEqualTo(accepted.size() - 1);
            assertThat(source.shutdownCalled).isTrue();
            assertThat(run.inflight(topic)).isZero();
        }
    }

    @Test
    void aFatalErrorMidStreamFailsTheCompletionsOfEveryRecordItDidNotPublish() throws Exception {
        String topic = "/default/complete-fatal";
        int total = 5000;
        SequenceSource source = new SequenceSource(topic, total, 0, SourceMode.STREAMING);
        // record 3000 names a topic the source did not configure: a fatal error in the middle of the stream
        source.recordFactory = i -> SourceRecord.ofObject(i == 3000 ? "/default/complete-elsewhere" : topic,
                Map.of("seq", i)).withAttribute("seq", Integer.toString(i));
        try (RuntimeHarness run = RuntimeHarness.start(danube.serviceUrl(), "complete-fatal", source)) {
            await().atMost(Duration.ofSeconds(20)).until(run::exited);
            assertThat(run.failure()).isInstanceOf(FatalException.class)
                    .hasMessageContaining("/default/complete-elsewhere");
            Set<Integer> accepted = new HashSet<>(source.accepted);
            assertThat(accepted).contains(3000);
            assertSettled(source, accepted);
            assertThat(source.failed).containsKey(3000);
            assertThat(source.failed.values()).allSatisfy(e -> assertThat(e).isInstanceOf(FatalException.class));
            assertThat(storedSeqs(topic)).isEqualTo(new TreeSet<>(source.published));
            assertThat(source.published).allMatch(seq -> seq < 3000);
            assertThat(source.shutdownCalled).isTrue();
        }
    }

    @Test
    void aStopWhileTheBrokerIsDownFailsWhatItCouldNotPublishWithinTheBoundedStop() throws Exception {
        String topic = "/default/complete-down";
        int total = 100_000;
        SequenceSource source = new SequenceSource(topic, total, 0, SourceMode.STREAMING);
        DanubeTestBroker broker = danube.broker();
        Duration shutdownTimeout = Duration.ofSeconds(3);
        try (RuntimeHarness run = RuntimeHarness.start(RuntimeHarness.config(broker.serviceUrl(), "complete-down")
                .build(), source, shutdownTimeout)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> source.published.size() > 500);
            broker.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> !run.client.isConnected());
            long start = System.nanoTime();
            run.stop();
            try {
                run.awaitExit(Duration.ofSeconds(10));
            } catch (FatalException gaveUp) {
                assertThat(gaveUp).hasMessageContaining("stopping: gave up");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isLessThan(shutdownTimeout.plusSeconds(1));
            Set<Integer> accepted = new HashSet<>(source.accepted);
            assertThat(accepted.size()).isLessThan(total);
            assertSettled(source, accepted);
            assertThat(source.failed).isNotEmpty();
            assertThat(source.shutdownCalled).isTrue();
            broker.restart();
            // nothing reported published is missing from the broker
            assertThat(storedSeqs(topic)).containsAll(source.published);
        }
    }

    /** Every accepted record was settled exactly one way, and nothing else was. */
    private static void assertSettled(SequenceSource source, Set<Integer> accepted) {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> source.published.size() + source.failed.size() >= accepted.size());
        Set<Integer> settled = new HashSet<>(source.published);
        settled.addAll(source.failed.keySet());
        assertThat(settled).as("accepted records that were never settled")
                .containsExactlyInAnyOrderElementsOf(accepted);
        Set<Integer> both = new HashSet<>(source.published);
        both.retainAll(source.failed.keySet());
        assertThat(both).as("records settled both ways").isEmpty();
    }
}
