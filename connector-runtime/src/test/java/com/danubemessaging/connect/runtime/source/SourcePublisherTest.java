package com.danubemessaging.connect.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.Offset;
import com.danubemessaging.connect.api.RetrySettings;
import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.client.DanubeClientException;
import com.danubemessaging.connect.client.MessageId;
import com.danubemessaging.connect.client.OutgoingMessage;
import com.danubemessaging.connect.client.Producer;
import com.danubemessaging.connect.runtime.lifecycle.StopSignal;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import com.danubemessaging.connect.runtime.retry.RetryPolicy;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class SourcePublisherTest {

    /** A producer that fails the sends a predicate picks and records the ones that succeed. */
    static final class FakeProducer implements Producer {
        final List<String> stored = new CopyOnWriteArrayList<>();
        final List<String> keys = new CopyOnWriteArrayList<>();
        Predicate<String> fails = p -> false;
        Status.Code failure = Status.Code.UNAVAILABLE;

        @Override
        public CompletableFuture<MessageId> sendAsync(OutgoingMessage message) {
            String payload = new String(message.payload(), StandardCharsets.UTF_8);
            if (fails.test(payload)) {
                return CompletableFuture.failedFuture(new DanubeClientException(failure, "injected " + failure));
            }
            stored.add(payload);
            message.key().ifPresent(keys::add);
            return CompletableFuture.completedFuture(new MessageId(1, "/d/t", "b", stored.size() - 1));
        }

        @Override
        public MessageId send(OutgoingMessage message) {
            return sendAsync(message).join();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String topic() {
            return "/d/t";
        }

        @Override
        public int partitionCount() {
            return 0;
        }
    }

    private final FakeProducer producer = new FakeProducer();
    private final ConnectorMetrics metrics = new ConnectorMetrics("test");
    private final SourcePublisher publisher = new SourcePublisher(
            new ProducerRouter(Map.of("/d/t", producer), Map.of()), null, metrics,
            new RetryPolicy(new RetrySettings(2, 1, 5)), new StopSignal(Duration.ofSeconds(5)));

    private List<PendingRecord> records(int n) {
        List<PendingRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(PendingRecord.track(SourceRecord.ofNumber("/d/t", i).withKey("k" + i)
                    .withOffset(Offset.of(i % 2 == 0 ? "even" : "odd", i)), metrics));
        }
        return out;
    }

    private double counter(String name, String errorType) {
        var search = metrics.registry().find(name);
        if (errorType != null) {
            search = search.tag("error_type", errorType);
        }
        var c = search.counter();
        return c == null ? 0 : c.count();
    }

    private double inflight() {
        return metrics.registry().find("danube.connector.inflight.messages").gauge().value();
    }

    @Test
    void failedSendsAreResentUntilStoredWithoutResendingTheOthers() {
        int[] attempts = new int[10];
        producer.fails = p -> attempts[Integer.parseInt(p)]++ < 4 && Integer.parseInt(p) % 3 == 0;
        List<PendingRecord> batch = records(10);
        assertThat(inflight()).isEqualTo(10);
        List<Offset> offsets = publisher.publish(batch);
        assertThat(producer.stored).hasSize(10).doesNotHaveDuplicates();
        assertThat(producer.keys).contains("k0", "k9");
        assertThat(offsets).containsExactly(Offset.of("even", 8), Offset.of("odd", 9));
        assertThat(batch).allMatch(r -> r.completion().isDone() && !r.completion().isCompletedExceptionally());
        assertThat(inflight()).isZero();
        assertThat(counter("danube.connector.messages.processed", null)).isEqualTo(10);
        // 4 records (0, 3, 6, 9) failed 4 times each: counted as 4 failed and 4 retried messages, not 16 attempts
        assertThat(counter("danube.connector.messages.retried", null)).isEqualTo(4);
        assertThat(counter("danube.connector.messages.failed", "retryable")).isEqualTo(4);
    }

    @Test
    void aSendTheBrokerKeepsRefusingIsFatalAfterMaxRetries() {
        producer.failure = Status.Code.PERMISSION_DENIED;
        producer.fails = p -> p.equals("3");
        List<PendingRecord> batch = records(5);
        assertThatThrownBy(() -> publisher.publish(batch)).isInstanceOf(FatalException.class)
                .hasMessageContaining("refuses");
        assertThat(producer.stored).containsExactly("0", "1", "2", "4");
        // the stored ones are settled as published; the refused one is left for the runtime to fail
        assertThat(batch).filteredOn(r -> r.completion().isDone()).hasSize(4)
                .noneMatch(r -> r.completion().isCompletedExceptionally());
        assertThat(batch.get(3).isSettled()).isFalse();
    }

    @Test
    void aSchemaEnforceRefusalIsInvalidDataButADrainingTopicIsRetried() {
        assertThat(SourcePublisher.isRefusedContent(new DanubeClientException(Status.Code.PERMISSION_DENIED,
                "Permission denied for send message: Unable to publish the message: Message missing schema_id for "
                        + "topic /d/t (expected subject: s)"))).isTrue();
        assertThat(SourcePublisher.isRefusedContent(new DanubeClientException(Status.Code.PERMISSION_DENIED,
                "Unable to publish the message: Topic /d/t is draining or closed; retry lookup/moved"))).isFalse();
        assertThat(SourcePublisher.isRefusedContent(new DanubeClientException(Status.Code.PERMISSION_DENIED,
                "Permission denied for create producer: no Produce permission"))).isFalse();
        assertThat(SourcePublisher.isRefusedContent(new DanubeClientException(Status.Code.UNAVAILABLE,
                "Unable to publish the message: x"))).isFalse();
    }

    @Test
    void aPayloadTheBrokerRejectsIsInvalidDataAndSkipped() {
        producer.failure = Status.Code.INVALID_ARGUMENT;
        producer.fails = p -> p.equals("2");
        List<PendingRecord> batch = records(4);
        List<Offset> offsets = publisher.publish(batch);
        assertThat(producer.stored).containsExactly("0", "1", "3");
        assertThat(offsets).containsExactly(Offset.of("even", 2), Offset.of("odd", 3));
        assertThat(counter("danube.connector.messages.failed", "invalid_data")).isEqualTo(1);
        // the skipped record's completion fails with the reason; the others complete
        assertThat(batch.get(2).completion()).isCompletedExceptionally();
        assertThatThrownBy(() -> batch.get(2).completion().join()).hasCauseInstanceOf(InvalidDataException.class)
                .hasMessageContaining("the broker refused the record");
        assertThat(List.of(batch.get(0), batch.get(1), batch.get(3)))
                .allMatch(r -> r.completion().isDone() && !r.completion().isCompletedExceptionally());
        assertThat(inflight()).isZero();
    }

    @Test
    void aRecordThatCannotBeEncodedFailsItsCompletionAsASerializationError() {
        ProducerRouter router = new ProducerRouter(Map.of("/d/t", producer),
                Map.of("/d/t", new com.danubemessaging.connect.runtime.schema.TopicSchema(
                        "number", com.danubemessaging.connect.client.SchemaRef.latest("numbers"))));
        SourcePublisher numbers = new SourcePublisher(router, null, metrics,
                new RetryPolicy(new RetrySettings(2, 1, 5)), new StopSignal(Duration.ofSeconds(5)));
        PendingRecord text = PendingRecord.track(SourceRecord.ofString("/d/t", "not a number"), metrics);
        PendingRecord number = PendingRecord.track(SourceRecord.ofNumber("/d/t", 7), metrics);
        numbers.publish(List.of(text, number));
        assertThat(producer.stored).containsExactly("7");
        assertThatThrownBy(() -> text.completion().join()).hasCauseInstanceOf(InvalidDataException.class)
                .hasMessageContaining("not a number");
        assertThat(number.completion()).isCompleted();
        assertThat(counter("danube.connector.messages.failed", "serialization")).isEqualTo(1);
    }

    @Test
    void aStopCutsTheBackOffAndGivesUpWhenTheDrainBudgetIsSpent() {
        StopSignal stop = new StopSignal(Duration.ofMillis(300));
        SourcePublisher slow = new SourcePublisher(new ProducerRouter(Map.of("/d/t", producer), Map.of()), null,
                metrics, new RetryPolicy(new RetrySettings(3, 60_000, 60_000)), stop);
        producer.fails = p -> true;
        new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stop.stop();
        }).start();
        long start = System.nanoTime();
        assertThatThrownBy(() -> slow.publish(records(3))).isInstanceOf(FatalException.class)
                .hasMessageContaining("stopping: gave up on 3 unsent record(s)");
        // a 60 s back-off was running when the stop came
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anUnknownTopicIsFatal() {
        assertThatThrownBy(() -> publisher.publish(List.of(PendingRecord.track(SourceRecord.ofNumber("/d/other", 1),
                metrics)))).isInstanceOf(FatalException.class).hasMessageContaining("/d/other");
    }
}
