package com.danubemessaging.connect.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.SourceMode;
import com.danubemessaging.connect.testkit.DanubeBrokerExtension;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.SubscriptionStart;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The broker goes away mid-stream and comes back on the same port: no record is lost on a reliable topic. */
class BrokerRestartTest {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRestartTest.class);
    private static final int TOTAL = 20_000;

    @RegisterExtension
    final DanubeBrokerExtension danube = DanubeBrokerExtension.create(b -> b
            .subscriptionStart(SubscriptionStart.EARLIEST).maxUnackedMessages(1000));

    @Test
    void aBrokerRestartMidStreamLosesNothing() throws Exception {
        String topic = "/default/restart";
        SequenceSource source = new SequenceSource(topic, TOTAL, 0, SourceMode.STREAMING);
        CollectingSink sink = new CollectingSink(topic, "restart-sub");
        DanubeTestBroker broker = danube.broker();
        try (RuntimeHarness sinkRun = RuntimeHarness.start(broker.serviceUrl(), "restart-sink", sink);
             RuntimeHarness sourceRun = RuntimeHarness.start(broker.serviceUrl(), "restart-source", source)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.distinct() > TOTAL / 10);
            broker.stop();
            int atStop = sink.distinct();
            await().atMost(Duration.ofSeconds(10)).until(() -> !sourceRun.client.isConnected());
            // /health/ready answers from this state: not ready while the broker is down, ready again after
            assertThat(sourceRun.health.readinessProblem()).contains("not connected to Danube");
            await().atMost(Duration.ofSeconds(10)).until(() -> !sinkRun.health.isReady());
            assertThat(sourceRun.health.isLive()).isTrue();
            broker.restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> sourceRun.health.isReady() && sinkRun.health.isReady());
            await().atMost(Duration.ofSeconds(90)).until(() -> sink.distinct() == TOTAL);
            await().atMost(Duration.ofSeconds(10)).until(() -> source.highestCommitted.get() == TOTAL - 1);
            LOG.info("broker restart: {} of {} delivered before the stop, {} duplicate deliveries after it", atStop,
                    TOTAL, sink.duplicates());
            assertThat(atStop).isLessThan(TOTAL);
            assertThat(sink.distinct()).isEqualTo(TOTAL);
            assertThat(sourceRun.exited()).isFalse();
            assertThat(sinkRun.exited()).isFalse();
            sourceRun.stopAndAwait();
            sinkRun.stopAndAwait();
        }
    }
}
