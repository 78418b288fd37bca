package com.danubemessaging.connect.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.RetrySettings;
import com.danubemessaging.connect.api.SourceMode;
import com.danubemessaging.connect.testkit.DanubeBrokerExtension;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.Rpc;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The external system of a sink is down for 30 s (issue 8, item 2). The runtime retries with its capped back-off
 * and neither acks nor nacks meanwhile; after {@code max_retries} it reports not ready, with the reason, and the
 * health gauge drops; when the system is back everything is written and nothing is lost. The back-offs are short so
 * the test is quick to react, but the outage is a real 30 s: longer than the broker's default ack timeout, so the
 * broker redelivers what the sink holds while it waits.
 */
class SinkOutageTest {
    private static final int TOTAL = 400;
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    /** The broker's defaults: window 10, ack timeout 30 s, 5 redeliveries then Block. */
    @RegisterExtension
    final DanubeBrokerExtension danube = DanubeBrokerExtension.create();

    @Test
    void aThirtySecondOutageIsRiddenOutWithoutAckNackOrLoss() throws Exception {
        String topic = "/default/outage";
        String subscription = "outage-sub";
        DanubeTestBroker broker = danube.broker();
        RuntimeHarness.createReliableTopic(broker, topic);
        CollectingSink sink = new CollectingSink(topic, subscription);
        var config = RuntimeHarness.config(broker.serviceUrl(), "outage-sink")
                .retry(new RetrySettings(3, 100, 500)).build();
        try (RuntimeHarness sinkRun = RuntimeHarness.start(config, sink)) {
            RuntimeHarness.awaitSubscribed(broker, topic, subscription);
            SequenceSource source = new SequenceSource(topic, TOTAL, 5, SourceMode.POLLING);
            try (RuntimeHarness sourceRun = RuntimeHarness.start(broker.serviceUrl(), "outage-source", source)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> sink.distinct() >= TOTAL / 4);
                sink.down = true;
                long downAt = System.nanoTime();
                int writtenAtOutage = sink.distinct();
                assertThat(writtenAtOutage).as("the outage starts mid-stream").isLessThan(TOTAL);

                await().atMost(Duration.ofSeconds(10)).until(() -> sinkRun.get("/health/ready").statusCode() == 503);
                HttpResponse<String> ready = sinkRun.get("/health/ready");
                assertThat(ready.body()).contains("sink cannot write").contains("target database unreachable")
                        .contains("failed attempts in a row");
                assertThat(sinkRun.get("/metrics").body())
                        .contains("danube_connector_health{connector=\"outage-sink\"} 0.0");
                assertThat(sinkRun.get("/health/live").statusCode()).isEqualTo(200);
                long ackedWhileDown = broker.ackedCount(topic, subscription);

                Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - downAt).toMillis()));
                // during the whole outage: no ack beyond what was written before it, no nack, nothing blocked
                assertThat(broker.ackedCount(topic, subscription)).isEqualTo(ackedWhileDown);
                assertThat(broker.callCount(Rpc.NACK)).isZero();
                assertThat(sink.distinct()).isEqualTo(writtenAtOutage);
                assertThat(sinkRun.exited()).isFalse();
                Set<Integer> failedWhileDown = Set.copyOf(sink.handedOverWhileDown);
                sink.down = false;

                await().atMost(Duration.ofSeconds(60)).until(() -> sink.distinct() == TOTAL);
                await().atMost(Duration.ofSeconds(10)).until(() -> sinkRun.get("/health/ready").statusCode() == 200);
                sourceRun.stopAndAwait();

                assertThat(new TreeSet<>(sink.deliveries.keySet())).isEqualTo(
                        IntStream.range(0, TOTAL).boxed().collect(Collectors.toCollection(TreeSet::new)));
                await().atMost(Duration.ofSeconds(40))
                        .until(() -> broker.ackedCount(topic, subscription) == TOTAL);
                assertThat(broker.callCount(Rpc.NACK)).isZero();
                assertThat(broker.blockedCount(topic, subscription)).isZero();
                // messages, not attempts: the held batch failed dozens of times but counts once per message
                assertThat(failedWhileDown).isNotEmpty();
                assertThat(sinkRun.counter("danube.connector.messages.failed", topic, "retryable"))
                        .isEqualTo(failedWhileDown.size());
                assertThat(sinkRun.counter("danube.connector.messages.retried", topic, null))
                        .isEqualTo(failedWhileDown.size());
                assertThat(sinkRun.get("/metrics").body())
                        .contains("danube_connector_health{connector=\"outage-sink\"} 1.0");
            }
            sinkRun.stopAndAwait();
        }
    }
}
