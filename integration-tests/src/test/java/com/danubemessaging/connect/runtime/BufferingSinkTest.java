package com.danubemessaging.connect.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.SourceMode;
import com.danubemessaging.connect.testkit.DanubeBrokerExtension;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sink that buffers inside {@code process()} and writes in {@code flush()} (issue 8, item 1): the runtime acks
 * a record only after a later {@code flush()} returned, so the broker never holds an ack for a row that is not
 * written; a failed flush acks nothing and the records are handed over again.
 */
class BufferingSinkTest {
    private static final int TOTAL = 3000;

    @RegisterExtension
    final DanubeBrokerExtension danube = DanubeBrokerExtension.create(b -> b.maxUnackedMessages(500));

    /**
     * Samples the broker's ack count, then the rows written: an ack for a row not written yet shows up as more acks
     * than rows. Reading acks first keeps the check sound while both grow.
     */
    private static final class AckBeforeWriteWatch implements AutoCloseable {
        final AtomicReference<String> violation = new AtomicReference<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        AckBeforeWriteWatch(DanubeTestBroker broker, String topic, String subscription, BufferingSink sink) {
            thread = new Thread(() -> {
                while (running.get()) {
                    long acked = broker.ackedCount(topic, subscription);
                    int written = sink.written.size();
                    if (acked > written) {
                        violation.compareAndSet(null, acked + " acked but only " + written + " written");
                    }
                    Thread.onSpinWait();
                }
            }, "ack-before-write-watch");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }

    private static Set<Integer> all() {
        Set<Integer> all = new TreeSet<>();
        IntStream.range(0, TOTAL).forEach(all::add);
        return all;
    }

    @Test
    void noRecordIsAckedBeforeFlushWroteIt() throws Exception {
        String topic = "/default/buffered";
        DanubeTestBroker broker = danube.broker();
        // the sink's own batch (700) is larger than what the runtime hands over at once: only flush() writes the rest
        RuntimeHarness.createReliableTopic(broker, topic);
        BufferingSink sink = new BufferingSink(topic, "buffered-sub", 700);
        SequenceSource source = new SequenceSource(topic, TOTAL, 100, SourceMode.POLLING);
        try (RuntimeHarness sinkRun = RuntimeHarness.start(broker.serviceUrl(), "buffered-sink", sink,
                     p -> p.withBatchSize(300).withBatchTimeoutMs(200));
             AckBeforeWriteWatch watch = new AckBeforeWriteWatch(broker, topic, "buffered-sub", sink)) {
            RuntimeHarness.awaitSubscribed(broker, topic, "buffered-sub");
            try (RuntimeHarness sourceRun = RuntimeHarness.start(broker.serviceUrl(), "buffered-source", source)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> broker.ackedCount(topic, "buffered-sub") == TOTAL);
                sourceRun.stopAndAwait();
            }
            assertThat(watch.violation.get()).isNull();
            assertThat(new TreeSet<>(sink.written)).isEqualTo(all());
            assertThat(sink.flushes.get()).isPositive();
            sinkRun.stopAndAwait();
            assertThat(sink.shutdownCalled).isTrue();
        }
    }

    @Test
    void aFailedFlushAcksNothingAndTheRecordsAreHandedOverAgain() throws Exception {
        String topic = "/default/buffered-retry";
        DanubeTestBroker broker = danube.broker();
        RuntimeHarness.createReliableTopic(broker, topic);
        BufferingSink sink = new BufferingSink(topic, "buffered-retry-sub", 10_000);
        SequenceSource source = new SequenceSource(topic, TOTAL, 100, SourceMode.POLLING);
        try (RuntimeHarness sinkRun = RuntimeHarness.start(broker.serviceUrl(), "buffered-retry-sink", sink);
             AckBeforeWriteWatch watch = new AckBeforeWriteWatch(broker, topic, "buffered-retry-sub", sink)) {
            RuntimeHarness.awaitSubscribed(broker, topic, "buffered-retry-sub");
            sink.writeFailuresLeft.set(3);
            try (RuntimeHarness sourceRun = RuntimeHarness.start(broker.serviceUrl(), "buffered-retry-source",
                    source)) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> broker.ackedCount(topic, "buffered-retry-sub") == TOTAL);
                sourceRun.stopAndAwait();
            }
            assertThat(sink.writeFailuresLeft.get()).isZero();
            assertThat(watch.violation.get()).isNull();
            assertThat(new TreeSet<>(sink.written)).isEqualTo(all());
            // the failed flushes emptied the sink's buffer; what was handed over again was written once
            assertThat(sink.writes).hasSize(TOTAL);
            assertThat(sinkRun.counter("danube.connector.messages.failed", topic, "retryable")).isPositive()
                    .isLessThanOrEqualTo(TOTAL);
            assertThat(broker.callCount(com.danubemessaging.connect.testkit.Rpc.NACK)).isZero();
            sinkRun.stopAndAwait();
        }
    }
}
