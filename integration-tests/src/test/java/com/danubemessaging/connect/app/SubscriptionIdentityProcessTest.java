package com.danubemessaging.connect.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real runnable in child processes against a testkit broker that keeps Danube's rules for subscriptions
 * (danube {@code topic.rs}: an Exclusive subscription refuses every consumer name but the first for as long as the
 * broker runs): a SIGKILLed Exclusive sink restarted under another instance id gets its subscription back, a consumer
 * the broker refuses stops the runtime with the broker's reason, a sink waiting for its topic says so on
 * {@code /health/ready}, and a source whose schema the registry refuses stops before sending anything.
 */
class SubscriptionIdentityProcessTest {

    /** Exit code of a JVM killed by SIGKILL. */
    private static final int SIGKILL_EXIT = 137;

    @TempDir
    Path dir;

    private DanubeTestBroker broker;
    private final List<ChildConnector> children = new ArrayList<>();

    @BeforeEach
    void startBroker() {
        broker = DanubeTestBroker.builder().maxUnackedMessages(100).build().start();
    }

    @AfterEach
    void stopAll() {
        children.forEach(ChildConnector::close);
        broker.close();
    }

    @Test
    void anExclusiveSinkKilledAndRestartedUnderAnotherInstanceIdGetsItsSubscriptionBackAndLosesNothing()
            throws IOException {
        long total = 800;
        String topic = "/default/it-exclusive-kill";
        Path output = dir.resolve("exclusive-output.txt");
        Path sinkToml = sinkToml("it-exclusive-sink", topic, "it-exclusive", "Exclusive", output);

        ChildConnector first = startReady("exclusive-sink-1", sinkToml, "it-recording-sink", "sink-pod-a");
        start("exclusive-source", sourceToml("it-exclusive-src", topic, total, 10, 5), "it-counter-source",
                "source-pod-a");

        await("first sink got records").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> seen(output).size() >= total / 5);
        first.kill();
        assertThat(first.awaitExit(Duration.ofSeconds(10))).isEqualTo(SIGKILL_EXIT);
        long seenAtKill = distinct(seen(output)).size();
        assertThat(seenAtKill).as("killed mid-stream").isLessThan(total);

        ChildConnector second = start("exclusive-sink-2", sinkToml, "it-recording-sink", "sink-pod-b");
        await("the restarted sink saw every record").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> distinct(seen(output)).size() == total);

        Set<Long> expected = new TreeSet<>();
        LongStream.range(0, total).forEach(expected::add);
        assertThat(distinct(seen(output))).isEqualTo(expected);
        assertThat(broker.activeConsumers(topic, "it-exclusive")).containsExactly("it-exclusive-sink");
        assertThat(second.stderr()).doesNotContain("refused");
        System.out.printf("Exclusive SIGKILL test: %d of %d records seen when sink-pod-a was killed; sink-pod-b took "
                + "the subscription over as 'it-exclusive-sink' and all %d arrived (%d deliveries)%n", seenAtKill,
                total, total, seen(output).size());
    }

    @Test
    void aConsumerTheBrokerRefusesStopsTheRuntimeWithTheReasonAtErrorAndInTheTerminationLog() throws IOException {
        String topic = "/default/it-exclusive-taken";
        ChildConnector owner = startReady("owner-sink", sinkToml("it-owner", topic, "it-taken", "Exclusive",
                dir.resolve("owner.txt")), "it-recording-sink", "pod-owner");

        ChildConnector intruder = start("intruder-sink", sinkToml("it-intruder", topic, "it-taken", "Exclusive",
                dir.resolve("intruder.txt")), "it-recording-sink", "pod-intruder");

        assertThat(intruder.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
        String reason = "the Exclusive subscription can't be shared with other consumers";
        assertThat(intruder.stderr()).containsPattern("ERROR.*" + java.util.regex.Pattern.quote(reason))
                .contains("it-intruder");
        assertThat(Files.readString(dir.resolve("intruder-sink.termination-log"))).contains(reason)
                .contains("subscription 'it-taken'");
        assertThat(owner.isAlive()).isTrue();
    }

    @Test
    void aSinkWaitingForItsTopicIsNotReadyAndSaysWhichTopic() throws IOException {
        String topic = "/later/it-waiting";
        ChildConnector sink = start("waiting-sink", sinkToml("it-waiting", topic, "it-wait", "Shared",
                dir.resolve("waiting.txt")), "it-recording-sink", "pod-w");
        sink.awaitHttpPort();
        await("503 naming the topic").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> ready = sink.get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("waiting for topic " + topic).contains("namespace");
        });

        broker.createNamespace("later");
        awaitReady(sink);
        assertThat(broker.topics()).contains(topic);
        assertThat(broker.activeConsumers(topic, "it-wait")).hasSize(1);
    }

    @Test
    void aSourceWhoseSchemaIsIncompatibleStopsAtStartNamingTheSubjectAndSendsNothing() throws IOException {
        String topic = "/default/it-schema-refused";
        String subject = "it-counter-value";
        try (DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).build()) {
            client.schemaRegistry().register(subject, "json_schema", """
                    {"type":"object","properties":{"seq":{"type":"integer"}},"required":["seq"]}"""
                    .getBytes(StandardCharsets.UTF_8));
        }
        Path schemaFile = Files.writeString(dir.resolve("counter-v2.json"),
                "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"]}");
        Path toml = Files.writeString(dir.resolve("schema-source.toml"),
                sourceTomlText("it-schema-src", topic, 100, 10, 0) + """

                [[schemas]]
                topic = "%s"
                subject = "%s"
                schema_type = "json_schema"
                schema_file = "%s"
                auto_register = true
                """.formatted(topic, subject, schemaFile));

        ChildConnector source = start("schema-source", toml, "it-counter-source", "pod-s");
        assertThat(source.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
        String reason = "Schema is not compatible with subject '" + subject + "' (mode: Backward): Backward "
                + "incompatible: removed required field 'seq'";
        assertThat(source.stderr()).contains(reason);
        assertThat(Files.readString(dir.resolve("schema-source.termination-log"))).contains(reason);
        assertThat(broker.topics()).as("nothing was published, not even the topic created").doesNotContain(topic);
    }

    private ChildConnector startReady(String name, Path toml, String connector, String instanceId) {
        ChildConnector child = start(name, toml, connector, instanceId);
        child.awaitHttpPort();
        awaitReady(child);
        return child;
    }

    private void awaitReady(ChildConnector child) {
        await(child + " ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> child.get("/health/ready").statusCode() == 200);
    }

    private ChildConnector start(String name, Path toml, String connector, String instanceId) {
        Map<String, String> env = new HashMap<>();
        env.put("CONNECTOR_CONFIG_PATH", toml.toString());
        env.put("DANUBE_CONNECT_INSTANCE_ID", instanceId);
        env.put("DANUBE_CONNECT_TERMINATION_LOG", dir.resolve(name + ".termination-log").toString());
        env.put("DANUBE_CONNECT_PLUGINS_DIR", dir.toString());
        ChildConnector child = ChildConnector.start(name, dir, env, "--connector", connector);
        children.add(child);
        return child;
    }

    private Path sinkToml(String name, String topic, String subscription, String type, Path output)
            throws IOException {
        return Files.writeString(dir.resolve(name + ".toml"), """
                danube_service_url = "%s"
                connector_name = "%s"

                [processing]
                batch_size = 20
                batch_timeout_ms = 50
                metrics_port = 0

                [recorder]
                topic = "%s"
                subscription = "%s"
                subscription_type = "%s"
                output_file = "%s"
                """.formatted(broker.serviceUrl(), name, topic, subscription, type, output));
    }

    private Path sourceToml(String name, String topic, long total, int perPoll, long pauseMs) throws IOException {
        return Files.writeString(dir.resolve(name + ".toml"), sourceTomlText(name, topic, total, perPoll, pauseMs));
    }

    private String sourceTomlText(String name, String topic, long total, int perPoll, long pauseMs) {
        return CounterSource.toml(broker.serviceUrl(), name, topic, total, perPoll, pauseMs,
                dir.resolve(name + ".state"), null);
    }

    private static List<Long> seen(Path output) throws IOException {
        return RecordingSink.recorded(output);
    }

    private static Set<Long> distinct(List<Long> values) {
        return new TreeSet<>(values);
    }
}
