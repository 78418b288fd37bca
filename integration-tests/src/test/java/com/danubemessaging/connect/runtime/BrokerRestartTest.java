package com.danubemessaging.connect.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.SourceMode;
import com.danubemessaging.connect.testkit.DanubeBrokerExtension;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.SubscriptionStart;
import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
        // the fault lands mid-stream by construction: publishing pauses at the half-way record until the broker
        // is down, so at least half of the stream is still to come when it goes
        CountDownLatch halfWay = new CountDownLatch(1);
        CountDownLatch brokerDown = new CountDownLatch(1);
        source.onPublished = seq -> {
            if (seq == TOTAL / 2) {
                halfWay.countDown();
                awaitQuietly(brokerDown);
            }
        };
        try (RuntimeHarness sinkRun = RuntimeHarness.start(broker.serviceUrl(), "restart-sink", sink);
             RuntimeHarness sourceRun = RuntimeHarness.start(broker.serviceUrl(), "restart-source", source)) {
            assertThat(halfWay.await(30, TimeUnit.SECONDS)).as("half-way record published").isTrue();
            broker.stop();
            int publishedAtStop = source.published.size();
            int atStop = sink.distinct();
            brokerDown.countDown();
            assertThat(publishedAtStop).as("published when the broker stopped").isLessThan(TOTAL);
            assertThat(atStop).as("delivered when the broker stopped").isLessThan(TOTAL);
            await().atMost(Duration.ofSeconds(10)).until(() -> !sourceRun.client.isConnected());
            // /health/ready answers from this state: not ready while the broker is down, ready again after
            assertThat(sourceRun.health.readinessProblem()).contains("not connected to Danube");
            await().atMost(Duration.ofSeconds(10)).until(() -> !sinkRun.health.isReady());
            assertThat(sourceRun.health.isLive()).isTrue();
            broker.restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> sourceRun.health.isReady() && sinkRun.health.isReady());
            await().atMost(Duration.ofSeconds(90)).until(() -> sink.distinct() == TOTAL);
            await().atMost(Duration.ofSeconds(10)).until(() -> source.highestCommitted.get() == TOTAL - 1);
            LOG.info("broker restart: {} of {} published and {} delivered before the stop, {} duplicate deliveries "
                    + "after it", publishedAtStop, TOTAL, atStop, sink.duplicates());
            // the exact set, not a count: every seq of 0 … TOTAL-1 and nothing else
            assertThat(new TreeSet<>(sink.deliveries.keySet()))
                    .isEqualTo(IntStream.range(0, TOTAL).boxed().collect(Collectors.toCollection(TreeSet::new)));
            assertThat(source.failed).isEmpty();
            assertThat(sourceRun.exited()).isFalse();
            assertThat(sinkRun.exited()).isFalse();
            sourceRun.stopAndAwait();
            sinkRun.stopAndAwait();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
