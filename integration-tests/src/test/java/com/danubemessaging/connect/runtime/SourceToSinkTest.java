package com.danubemessaging.connect.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.SourceMode;
import com.danubemessaging.connect.runtime.http.ObservabilityServer;
import com.danubemessaging.connect.testkit.DanubeBrokerExtension;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.SubscriptionStart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Source → Danube → sink through both runtimes, in both source modes, with metrics scraped over HTTP. */
class SourceToSinkTest {
    private static final int TOTAL = 3000;

    @RegisterExtension
    static final DanubeBrokerExtension DANUBE = DanubeBrokerExtension.create(b -> b
            .subscriptionStart(SubscriptionStart.EARLIEST).maxUnackedMessages(1000));

    @ParameterizedTest
    @EnumSource(SourceMode.class)
    void everyRecordArrivesOnceAndOffsetsAreCommittedAfterTheBroker(SourceMode mode) throws Exception {
        String topic = "/default/e2e-" + mode.name().toLowerCase();
        SequenceSource source = new SequenceSource(topic, TOTAL, 100, mode);
        CollectingSink sink = new CollectingSink(topic, "e2e-sub");
        try (RuntimeHarness sinkRun = RuntimeHarness.start(DANUBE.serviceUrl(), "sink-" + mode, sink);
             RuntimeHarness sourceRun = RuntimeHarness.start(DANUBE.serviceUrl(), "source-" + mode, source)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> sink.distinct() == TOTAL);
            await().atMost(Duration.ofSeconds(10)).until(() -> source.highestCommitted.get() == TOTAL - 1);
            DanubeTestBroker broker = DANUBE.broker();
            // the offset is committed only once the broker stored the record it belongs to
            assertThat(broker.messageCount(topic)).isEqualTo(TOTAL);
            assertThat(sink.duplicates()).isZero();
            assertThat(sink.batchSizes).allMatch(n -> n <= 200);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> broker.ackedCount(topic, "e2e-sub") == TOTAL);
            assertThat(broker.activeConsumers(topic, "e2e-sub")).containsExactly("collector-pod-a");
            // the record key becomes the message routing key
            assertThat(broker.messages(topic)).allSatisfy(m -> assertThat(m.getRoutingKey())
                    .isEqualTo("k" + Integer.parseInt(m.getAttributesMap().get("seq")) % 7));
            assertThat(broker.messages(topic).get(0).getProducerName()).isEqualTo("source-" + mode + "--default-e2e-"
                    + mode.name().toLowerCase());
            sourceRun.stopAndAwait();
            sinkRun.stopAndAwait();
            assertThat(source.shutdownCalled).isTrue();
            assertThat(sink.shutdownCalled).isTrue();
        }
    }

    @Test
    void metricsServedOverHttpMatchTheRecordsMoved() throws Exception {
        String topic = "/default/e2e-metrics";
        SequenceSource source = new SequenceSource(topic, 500, 50, SourceMode.POLLING);
        CollectingSink sink = new CollectingSink(topic, "metrics-sub");
        try (RuntimeHarness sinkRun = RuntimeHarness.start(DANUBE.serviceUrl(), "metrics-sink", sink);
             RuntimeHarness sourceRun = RuntimeHarness.start(DANUBE.serviceUrl(), "metrics-source", source);
             ObservabilityServer sinkHttp = ObservabilityServer.start("127.0.0.1", 0, sinkRun.metrics, sinkRun.health);
             ObservabilityServer sourceHttp = ObservabilityServer.start("127.0.0.1", 0, sourceRun.metrics,
                     sourceRun.health)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.distinct() == 500);
            String connectorAndTopic = "topic=\"" + topic + "\"";
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String sinkMetrics = get(sinkHttp.port(), "/metrics");
                assertThat(value(sinkMetrics, "danube_connector_messages_received_total", connectorAndTopic))
                        .isEqualTo(500);
                assertThat(value(sinkMetrics, "danube_connector_messages_processed_total", connectorAndTopic))
                        .isEqualTo(500);
                String sourceMetrics = get(sourceHttp.port(), "/metrics");
                assertThat(value(sourceMetrics, "danube_connector_messages_processed_total", connectorAndTopic))
                        .isEqualTo(500);
                assertThat(sourceMetrics).doesNotContain("multi-topic");
            });
            assertThat(get(sinkHttp.port(), "/health/ready")).isNotBlank();
            assertThat(status(sourceHttp.port(), "/health/ready")).isEqualTo(200);
            sourceRun.stopAndAwait();
            assertThat(status(sourceHttp.port(), "/health/ready")).isEqualTo(503);
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int status(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The value of the first sample of {@code metric} whose labels contain {@code label}. */
    static double value(String exposition, String metric, String label) {
        Matcher m = Pattern.compile("(?m)^" + metric + "\\{([^}]*)\\} (\\S+)$").matcher(exposition);
        while (m.find()) {
            if (m.group(1).contains(label)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return -1;
    }
}
