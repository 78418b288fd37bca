package com.danubemessaging.connect.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.SourceMode;
import com.danubemessaging.connect.testkit.DanubeBrokerExtension;
import com.danubemessaging.connect.testkit.SubscriptionStart;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sink must not wait for a full batch that the broker will never send: a reliable subscription gets at most
 * the broker's unacked window (Danube's default is 10) until the sink acks. With the upstream defaults
 * (batch_size 1000, batch_timeout_ms 1000) a sink that waits for the timeout moves 10 messages per second.
 */
class SinkBatchingTest {
    private static final int TOTAL = 400;
    private static final int BROKER_WINDOW = 10;

    @RegisterExtension
    static final DanubeBrokerExtension DANUBE = DanubeBrokerExtension.create(b -> b
            .subscriptionStart(SubscriptionStart.EARLIEST).maxUnackedMessages(BROKER_WINDOW));

    @Test
    void partialBatchesAreHandedOverWhenTheBrokerWindowIsFull() throws Exception {
        String topic = "/default/window-bound";
        SequenceSource source = new SequenceSource(topic, TOTAL, 100, SourceMode.POLLING);
        CollectingSink sink = new CollectingSink(topic, "window-sub");
        try (RuntimeHarness sinkRun = RuntimeHarness.start(DANUBE.serviceUrl(), "window-sink", sink,
                     p -> p.withBatchSize(1000).withBatchTimeoutMs(1000));
             RuntimeHarness sourceRun = RuntimeHarness.start(DANUBE.serviceUrl(), "window-source", source)) {
            // 400 records at one window per batch timeout would take 40 s; handing over on a quiet intake takes ~1 s
            await().atMost(Duration.ofSeconds(20)).until(() -> sink.distinct() == TOTAL);
            assertThat(sink.duplicates()).isZero();
            assertThat(sink.batchSizes).allMatch(n -> n <= BROKER_WINDOW);
            assertThat(sink.batchSizes.size()).isGreaterThanOrEqualTo(TOTAL / BROKER_WINDOW);
            sourceRun.stopAndAwait();
            sinkRun.stopAndAwait();
        }
    }
}
