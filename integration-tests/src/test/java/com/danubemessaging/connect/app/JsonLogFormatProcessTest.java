package com.danubemessaging.connect.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.OutgoingMessage;
import com.danubemessaging.connect.client.Producer;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code LOG_FORMAT=json} in the real runnable jar: every line on stdout is one JSON object with timestamp, level,
 * logger, message and connector; events about a topic carry it; an exception is one field, stack trace included.
 * Without {@code LOG_FORMAT} the log stays text on stderr.
 */
class JsonLogFormatProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final DanubeTestBroker broker = DanubeTestBroker.builder().build().start();
    private final String topic = "/default/json-log-" + UUID.randomUUID().toString().substring(0, 8);
    private ConnectorProcesses processes;

    @BeforeEach
    void processes() {
        processes = new ConnectorProcesses(dir, broker.serviceUrl());
    }

    @AfterEach
    void stopAll() {
        processes.close();
        broker.close();
    }

    @Test
    void jsonFormatWritesOneObjectPerStdoutLineWithConnectorTopicAndException() throws Exception {
        Path outputDir = Files.createDirectories(dir.resolve("out"));
        ChildConnector sink = startSink("json-log-sink", outputDir, Map.of("LOG_FORMAT", "json"));

        await("sink subscribed").atMost(Duration.ofSeconds(60))
                .until(() -> !broker.activeConsumers(topic, "json-log-sub").isEmpty() || !sink.isAlive());
        try (DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).build();
             Producer producer = client.newProducer().topic(topic).name("json-log-test").reliable(true).create()) {
            producer.send(OutgoingMessage.of("\"line one\"".getBytes(StandardCharsets.UTF_8)));
        }
        Path output = outputDir.resolve("output.txt");
        await("line written").atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(output) && Files.readString(output).equals("line one\n"));

        // The output's directory disappears: the health check fails twice in a row, which is fatal (exit 1).
        Files.delete(output);
        Files.delete(outputDir);
        assertThat(sink.awaitExit(Duration.ofSeconds(60))).as(sink.stderr()).isEqualTo(1);

        List<String> lines = sink.stdout().lines().toList();
        assertThat(lines).as("stdout").hasSizeGreaterThan(3);
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            JsonNode event = parseObject(line);
            assertThat(event.path("timestamp").asText()).as(line)
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(event.path("level").asText()).as(line).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(event.path("logger").asText()).as(line).isNotBlank();
            assertThat(event.path("message").isTextual()).as(line).isTrue();
            assertThat(event.path("connector").asText()).as(line).isEqualTo("json-log-sink");
            events.add(event);
        }
        assertThat(events).as("events naming the topic")
                .anySatisfy(event -> {
                    assertThat(event.path("topic").asText()).isEqualTo(topic);
                    assertThat(event.path("message").asText()).contains("subscribing to " + topic);
                });
        JsonNode fatal = events.stream().filter(event -> event.path("level").asText().equals("ERROR")
                && event.path("logger").asText().endsWith("ConnectorMain")).findFirst().orElseThrow(
                        () -> new AssertionError("no ERROR from ConnectorMain in\n" + sink.stdout()));
        assertThat(fatal.path("message").asText()).contains("connector 'json-log-sink' (sink-file) failed");
        String exception = fatal.path("exception").asText();
        assertThat(exception).as("the stack trace in one field").contains("Exception", "\tat ", "directory")
                .contains(outputDir.toString() + " of file.path is gone");
        assertThat(exception.lines().count()).as("lines of the stack trace").isGreaterThan(3);
    }

    @Test
    void textStaysTheDefaultOnStderr() throws Exception {
        Path outputDir = Files.createDirectories(dir.resolve("text-out"));
        ChildConnector sink = startSink("text-log-sink", outputDir, Map.of());
        await("startup logged").atMost(Duration.ofSeconds(60))
                .until(() -> sink.stderr().contains("metrics and health on port") || !sink.isAlive());
        assertThat(sink.isAlive()).as(sink.stderr()).isTrue();
        String startLine = sink.stderr().lines().filter(line -> line.contains("metrics and health on port"))
                .findFirst().orElseThrow();
        assertThat(startLine).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ \\[main\\] INFO ConnectorMain - Starting sink "
                + "connector 'text-log-sink' .*");
        assertThat(sink.stdout()).as("nothing logged to stdout in text format").isEmpty();
    }

    private ChildConnector startSink(String name, Path outputDir, Map<String, String> extraEnv) throws IOException {
        Path toml = Files.writeString(dir.resolve(name + ".toml"), """
                danube_service_url = "%s"
                connector_name = "%s"

                [processing]
                metrics_port = 0
                health_check_interval_ms = 200
                health_check_failure_threshold = 2

                [file]
                path = "%s"
                topic = "%s"
                subscription = "json-log-sub"
                """.formatted(broker.serviceUrl(), name, outputDir.resolve("output.txt"), topic));
        return processes.startJar(name, toml, "sink-file", "pod-1", extraEnv);
    }

    private static JsonNode parseObject(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as("a JSON object: " + line).isTrue();
            return node;
        } catch (IOException e) {
            throw new AssertionError("not one JSON object per line: " + line, e);
        }
    }
}
