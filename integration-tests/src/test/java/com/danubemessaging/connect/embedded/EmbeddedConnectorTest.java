package com.danubemessaging.connect.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.runtime.app.EmbeddedConnector;
import com.danubemessaging.connect.runtime.config.ConfigValidationException;
import com.danubemessaging.connect.testkit.DanubeBrokerExtension;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embeddable runner as a connector author uses it (docs/connector-sdk.md): a custom source instance and the
 * built-in sink-file, by id, run with the real runtime against testkit's broker, and every line arrives.
 */
class EmbeddedConnectorTest {

    @RegisterExtension
    static final DanubeBrokerExtension DANUBE = DanubeBrokerExtension.create();

    @TempDir
    Path dir;

    private final String topic = "/default/embedded-" + UUID.randomUUID().toString().substring(0, 8);

    /** Emits "line-0" … "line-(total-1)", a few per poll; {@code fail_after} makes it fail fatally instead. */
    public static final class LinesSource implements SourceConnector {
        private String target;
        private int total;
        private int failAfter;
        private int next;

        @Override
        public void initialize(ConnectorConfig config) {
            target = config.raw().path("lines").path("topic").asText();
            total = config.raw().path("lines").path("total").asInt();
            failAfter = config.raw().path("lines").path("fail_after").asInt(-1);
        }

        @Override
        public List<ProducerConfig> producerConfigs() {
            return List.of(ProducerConfig.of(target));
        }

        @Override
        public List<SourceRecord> poll() {
            if (failAfter >= 0 && next >= failAfter) {
                throw new FatalException("lines source gave up at line " + next);
            }
            List<SourceRecord> records = new ArrayList<>();
            for (int i = 0; i < 7 && next < total; i++, next++) {
                records.add(SourceRecord.ofString(target, "line-" + next));
            }
            return records;
        }
    }

    @Test
    void runsACustomSourceAndABuiltinSinkAgainstTheTestBroker(DanubeTestBroker broker) throws Exception {
        Path output = dir.resolve("out/lines.txt");
        try (EmbeddedConnector sink = EmbeddedConnector.builder()
                .connector("sink-file")
                .config("""
                        connector_name = "embedded-sink"
                        [processing]
                        batch_timeout_ms = 50
                        [file]
                        path = "%s"
                        topic = "%s"
                        subscription = "embedded"
                        """.formatted(output, topic))
                .serviceUrl(broker.serviceUrl())
                .start()) {
            sink.awaitReady(Duration.ofSeconds(30));
            try (EmbeddedConnector source = EmbeddedConnector.builder()
                    .connector(new LinesSource())
                    .config("""
                            connector_name = "embedded-source"
                            [processing]
                            poll_interval_ms = 10
                            [lines]
                            topic = "${env:LINES_TOPIC}"
                            total = 100
                            """)
                    .env("LINES_TOPIC", topic)
                    .serviceUrl(broker.serviceUrl())
                    .start()) {
                source.awaitReady(Duration.ofSeconds(30));
                await("all lines written").atMost(Duration.ofSeconds(60))
                        .until(() -> lines(output).size() >= 100);
                // The broker may hand a message to the sink before the source hears its send acknowledged.
                await("source counted every acknowledged send").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + source.httpPort() + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(metrics.body()).containsPattern("danube_connector_messages_processed_total\\{[^}]*"
                            + "topic=\"" + topic + "\"[^}]*} 100\\.0");
                });
            }
            Set<String> expected = IntStream.range(0, 100).mapToObj(i -> "line-" + i)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(new TreeSet<>(lines(output))).isEqualTo(expected);
            assertThat(lines(output)).hasSize(100);
        }
    }

    @Test
    void aFailingRunIsRethrownWithItsCause(DanubeTestBroker broker) {
        EmbeddedConnector source = EmbeddedConnector.builder()
                .connector(new LinesSource())
                .config("""
                        connector_name = "failing-source"
                        [lines]
                        topic = "%s"
                        total = 100
                        fail_after = 14
                        """.formatted(topic))
                .serviceUrl(broker.serviceUrl())
                .start();
        await("the run ended").atMost(Duration.ofSeconds(30)).until(source::hasEnded);
        assertThat(source.failure()).get().asString().contains("lines source gave up at line 14");
        assertThat(source.readinessProblem()).get().asString().contains("fatal error");
        assertThatThrownBy(source::close).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connector 'failing-source' failed")
                .hasRootCauseMessage("lines source gave up at line 14");
    }

    @Test
    void badConfigurationAndUnknownConnectorsFailAtStart(DanubeTestBroker broker) {
        assertThatThrownBy(() -> EmbeddedConnector.builder().connector("sink-nope")
                .config("connector_name = \"x\"").serviceUrl(broker.serviceUrl()).start())
                .hasMessageContaining("unknown connector \"sink-nope\"").hasMessageContaining("sink-file");
        assertThatThrownBy(() -> EmbeddedConnector.builder().connector(new LinesSource())
                .config("connector_name = \"x\"\n[processing]\nbatch_size = \"many\"\n")
                .serviceUrl(broker.serviceUrl()).start())
                .isInstanceOf(ConfigValidationException.class).hasMessageContaining("batch_size");
    }

    private static List<String> lines(Path file) throws Exception {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : text.substring(0, end).lines().toList();
    }
}
