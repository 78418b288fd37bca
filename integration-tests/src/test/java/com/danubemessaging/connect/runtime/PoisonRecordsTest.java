package com.danubemessaging.connect.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.SourceMode;
import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.testkit.DanubeBrokerExtension;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.Rpc;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A record that can never succeed is never nacked (issue 7, item 2). Under the broker's default subscription
 * policy (5 redeliveries, then poison policy Block, which halts dispatch on the whole subscription:
 * danube-broker {@code dispatcher/shared/reliable.rs}) a nacked poison record would stop every record after it.
 * Instead it is acked, counted as invalid_data and logged, and the records behind it arrive.
 */
class PoisonRecordsTest {

    /** The broker's defaults: window 10, failure policy 5 redeliveries then Block. */
    @RegisterExtension
    final DanubeBrokerExtension danube = DanubeBrokerExtension.create();

    @Test
    void tenPoisonRecordsThenTenGoodOnesUnderTheDefaultBlockPolicy() throws Exception {
        String topic = "/default/poison";
        DanubeTestBroker broker = danube.broker();
        RuntimeHarness.createReliableTopic(broker, topic);
        CollectingSink sink = new CollectingSink(topic, "poison-sub");
        IntStream.range(0, 10).forEach(sink.invalidSeqs::add);
        try (RuntimeHarness sinkRun = RuntimeHarness.start(broker.serviceUrl(), "poison-sink", sink)) {
            RuntimeHarness.awaitSubscribed(broker, topic, "poison-sub");
            SequenceSource source = new SequenceSource(topic, 20, 20, SourceMode.POLLING);
            source.recordFactory = i -> SourceRecord.ofObject(topic, Map.of("seq", i));
            try (RuntimeHarness sourceRun = RuntimeHarness.start(broker.serviceUrl(), "poison-source", source)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> sink.distinct() == 10);
                sourceRun.stopAndAwait();
            }
            assertThat(new TreeSet<>(sink.deliveries.keySet()))
                    .isEqualTo(IntStream.range(10, 20).boxed().collect(Collectors.toCollection(TreeSet::new)));
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.ackedCount(topic, "poison-sub") == 20);
            assertThat(broker.callCount(Rpc.NACK)).as("nacks sent").isZero();
            assertThat(broker.blockedCount(topic, "poison-sub")).isZero();
            assertThat(broker.unackedCount(topic, "poison-sub")).isZero();
            assertThat(sinkRun.counter("danube.connector.messages.failed", topic, "invalid_data")).isEqualTo(10);
            assertThat(sinkRun.counter("danube.connector.messages.processed", topic, null)).isEqualTo(20);
            sinkRun.stopAndAwait();
        }
    }
}
