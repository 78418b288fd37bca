package com.danubemessaging.connect.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.FatalException;
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
            new RetryPolicy(new RetrySettings(2, 1, 5)), new StopSignal(), Duration.ofSeconds(5));

    private static List<SourceRecord> records(int n) {
        List<SourceRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(SourceRecord.ofNumber("/d/t", i).withKey("k" + i)
                    .withOffset(Offset.of(i % 2 == 0 ? "even" : "odd", i)));
        }
        return out;
    }

    @Test
    void failedSendsAreResentUntilStoredWithoutResendingTheOthers() {
        int[] attempts = new int[10];
        producer.fails = p -> attempts[Integer.parseInt(p)]++ < 4 && Integer.parseInt(p) % 3 == 0;
        List<Offset> offsets = publisher.publish(records(10));
        assertThat(producer.stored).hasSize(10).doesNotHaveDuplicates();
        assertThat(producer.keys).contains("k0", "k9");
        assertThat(offsets).containsExactly(Offset.of("even", 8), Offset.of("odd", 9));
        assertThat(metrics.registry().find("danube.connector.messages.processed").counter().count()).isEqualTo(10);
        assertThat(metrics.registry().find("danube.connector.messages.retried").counter().count()).isEqualTo(16);
    }

    @Test
    void aSendTheBrokerKeepsRefusingIsFatalAfterMaxRetries() {
        producer.failure = Status.Code.PERMISSION_DENIED;
        producer.fails = p -> p.equals("3");
        assertThatThrownBy(() -> publisher.publish(records(5))).isInstanceOf(FatalException.class)
                .hasMessageContaining("refuses");
        assertThat(producer.stored).containsExactly("0", "1", "2", "4");
    }

    @Test
    void aPayloadTheBrokerRejectsIsInvalidDataAndSkipped() {
        producer.failure = Status.Code.INVALID_ARGUMENT;
        producer.fails = p -> p.equals("2");
        List<Offset> offsets = publisher.publish(records(4));
        assertThat(producer.stored).containsExactly("0", "1", "3");
        assertThat(offsets).containsExactly(Offset.of("even", 2), Offset.of("odd", 3));
        assertThat(metrics.registry().find("danube.connector.messages.failed").tag("error_type", "invalid_data")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void anUnknownTopicIsFatal() {
        assertThatThrownBy(() -> publisher.publish(List.of(SourceRecord.ofNumber("/d/other", 1))))
                .isInstanceOf(FatalException.class).hasMessageContaining("/d/other");
    }
}
