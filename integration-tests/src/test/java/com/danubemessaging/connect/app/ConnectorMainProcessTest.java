package com.danubemessaging.connect.app;

import static com.danubemessaging.connect.app.ConnectorProcesses.distinct;
import static com.danubemessaging.connect.app.ConnectorProcesses.seen;
import static com.danubemessaging.connect.app.ConnectorProcesses.upTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.SubscriptionFailurePolicy;
import com.danubemessaging.connect.testkit.SubscriptionStart;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real runnable ({@code ConnectorMain}) as child processes against a testkit broker started here:
 * graceful SIGTERM mid-stream with no record lost across restarts, a fatal error in the termination log, a bad
 * configuration, and metrics/health scraped over HTTP.
 */
class ConnectorMainProcessTest {

    private static final Duration GRACE = Duration.ofSeconds(10);
    /** Exit code of a JVM ended by SIGTERM after its shutdown hooks ran. */
    private static final int SIGTERM_EXIT = 143;
    /** Exit code of a JVM ended by SIGINT after its shutdown hooks ran. */
    private static final int SIGINT_EXIT = 130;

    @TempDir
    Path dir;

    private DanubeTestBroker broker;
    private final List<ChildConnector> children = new ArrayList<>();

    @BeforeEach
    void startBroker() {
        broker = DanubeTestBroker.builder()
                .subscriptionStart(SubscriptionStart.EARLIEST)
                .maxUnackedMessages(200)
                // A consumer killed mid-batch leaves delivered messages unacked; let them come back quickly.
                .failurePolicy(SubscriptionFailurePolicy.defaults().withAckTimeout(Duration.ofSeconds(2))
                        .withMaxRedeliveryCount(100))
                .build()
                .start();
    }

    @AfterEach
    void stopAll() {
        children.forEach(ChildConnector::close);
        broker.close();
    }

    @Test
    void sigtermMidStreamStopsGracefullyAndRestartsLoseNothing() throws IOException {
        long total = 1500;
        String topic = "/default/it-sigterm";
        Path output = dir.resolve("sink-output.txt");
        Path sinkToml = sinkToml("it-sigterm-sink", topic, output);
        Path sourceToml = sourceToml("it-sigterm-src", topic, total, 10, 5, dir.resolve("source-state"), null);

        ChildConnector sink1 = start("sink-1", sinkToml, "it-recording-sink", "sink-pod-a");
        sink1.awaitHttpPort();
        ChildConnector source1 = start("source-1", sourceToml, "it-counter-source", "source-pod-a");

        awaitSeen(output, total / 5);
        source1.stop();
        assertThat(source1.awaitExit(GRACE)).isEqualTo(SIGTERM_EXIT);
        assertThat(source1.stderr()).contains("Shutdown signal received").contains("stopped");
        long committedAtStop = Long.parseLong(Files.readString(dir.resolve("source-state")).trim());
        long publishedAtStop = broker.messageCount(topic);
        // the SIGTERM landed mid-stream: the source had neither published nor committed the last record
        assertThat(publishedAtStop).as("published at the source's stop").isBetween(total / 5, total - 1);
        assertThat(committedAtStop).as("committed at the source's stop").isBetween(total / 5 - 1, total - 2);

        ChildConnector source2 = start("source-2", sourceToml, "it-counter-source", "source-pod-a");
        awaitSeen(output, total / 2);
        sink1.stop();
        assertThat(sink1.awaitExit(GRACE)).isEqualTo(SIGTERM_EXIT);
        assertThat(sink1.stderr()).contains("Shutdown signal received");
        int seenAtSinkStop = distinct(seen(output)).size();
        assertThat(seenAtSinkStop).as("records the first sink had written at its stop").isLessThan((int) total);

        ChildConnector sink2 = start("sink-2", sinkToml, "it-recording-sink", "sink-pod-a");
        awaitEverySeen(output, total, topic, "it-sub", source2, sink2);

        List<Long> seen = seen(output);
        Set<Long> distinct = distinct(seen);
        assertThat(distinct).as("records the sink saw").isEqualTo(upTo(total));
        long duplicates = seen.size() - distinct.size();
        System.out.printf("SIGTERM test: source stopped at %d published / %d committed, sink at %d written; source "
                + "produced %d records, sink saw %d deliveries, %d distinct, %d duplicates, 0 lost%n",
                publishedAtStop, committedAtStop, seenAtSinkStop, total, seen.size(), distinct.size(), duplicates);

        source2.stop();
        sink2.stop();
        assertThat(source2.awaitExit(GRACE)).isEqualTo(SIGTERM_EXIT);
        assertThat(sink2.awaitExit(GRACE)).isEqualTo(SIGTERM_EXIT);
    }

    @Test
    void metricsAndReadinessOverHttpMatchTheRecordsMoved() throws IOException {
        long total = 400;
        String topic = "/default/it-metrics";
        Path output = dir.resolve("metrics-output.txt");
        ChildConnector sink = start("metrics-sink", sinkToml("it-metrics-sink", topic, output),
                "it-recording-sink", "sink-pod-m");
        sink.awaitHttpPort();
        ChildConnector source = start("metrics-source",
                sourceToml("it-metrics-src", topic, total, 50, 0, dir.resolve("metrics-state"), null),
                "it-counter-source", "source-pod-m");
        source.awaitHttpPort();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> distinct(seen(output)).size() == total);
        long delivered = seen(output).size();

        await("source metrics").atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                metric(source.get("/metrics").body(), "danube_connector_messages_processed_total",
                        "it-metrics-src", topic)).isEqualTo(total));
        await("sink metrics").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String body = sink.get("/metrics").body();
            assertThat(metric(body, "danube_connector_messages_processed_total", "it-metrics-sink", topic))
                    .isEqualTo(delivered);
            assertThat(metric(body, "danube_connector_messages_received_total", "it-metrics-sink", topic))
                    .isGreaterThanOrEqualTo(delivered);
        });
        String sinkMetrics = sink.get("/metrics").body();
        assertThat(sinkMetrics).contains("danube_connector_health{connector=\"it-metrics-sink\"}")
                .contains("jvm_memory_used_bytes").doesNotContain("multi-topic");

        for (ChildConnector child : List.of(source, sink)) {
            HttpResponse<String> ready = child.get("/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(child.get("/health/live").statusCode()).isEqualTo(200);
        }

        source.stop();
        sink.interrupt();
        assertThat(source.awaitExit(GRACE)).isEqualTo(SIGTERM_EXIT);
        assertThat(sink.awaitExit(GRACE)).as("SIGINT exit").isEqualTo(SIGINT_EXIT);
        assertThat(sink.stderr()).contains("Shutdown signal received").contains("Connector 'it-metrics-sink' stopped");
    }

    @Test
    void aHangingShutdownIsCutOffAfterTheGracePeriod() throws IOException {
        Path toml = Files.writeString(dir.resolve("hang.toml"), sourceTomlText("it-hang-src", "/default/it-hang", 10,
                10, 0, dir.resolve("hang-state"), null) + "shutdown_delay_ms = 120000\n");
        ChildConnector source = start("hang-source", toml, "it-counter-source", "pod-h",
                Map.of("DANUBE_CONNECT_SHUTDOWN_TIMEOUT_MS", "1500"));
        source.awaitHttpPort();
        await("source committed its records").atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(dir.resolve("hang-state")));

        long startedAt = System.nanoTime();
        source.stop();
        int exit = source.awaitExit(Duration.ofSeconds(15));
        Duration took = Duration.ofNanos(System.nanoTime() - startedAt);

        assertThat(exit).isEqualTo(SIGTERM_EXIT);
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(source.stderr()).contains("did not stop within 1500 ms; exiting anyway");
    }

    @Test
    void fatalErrorWritesTheTerminationLogAndExitsNonZero() throws IOException {
        Path toml = sourceToml("it-fatal-src", "/default/it-fatal", 1000, 5, 0, dir.resolve("fatal-state"), 10L);
        ChildConnector source = start("fatal-source", toml, "it-counter-source", "pod-f");

        int exit = source.awaitExit(Duration.ofSeconds(30));

        assertThat(exit).isEqualTo(1);
        String reason = Files.readString(dir.resolve("fatal-source.termination-log"));
        assertThat(reason).contains("it-fatal-src").contains("counter source gave up after 10 records");
        assertThat(source.stderr()).contains("counter source gave up after 10 records");
    }

    @Test
    void badConfigurationExitsAtOnceNamingEveryKey() throws IOException {
        Path toml = Files.writeString(dir.resolve("bad.toml"), """
                danube_service_url = "localhost:6650"
                connector_name = "it-bad"

                [retry]
                max_retries = 500

                [processing]
                batch_size = 0
                metric_port = 9091

                [[schemas]]
                topic = "/default/x"
                subject = "x"
                schema_type = "xml"
                schema_file = ""
                """);
        ChildConnector child = start("bad-config", toml, "it-counter-source", "pod-b");

        assertThat(child.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
        String expected = String.join("\n",
                "  danube_service_url: must start with http:// or https:// (got \"localhost:6650\")",
                "  retry.max_retries: must be <= 100 (got 500)",
                "  processing.batch_size: must be > 0 (got 0)",
                "  schemas[0].schema_type: unknown type \"xml\" (expected one of json_schema, json, string, number, "
                        + "bytes, avro, protobuf)",
                // an unknown key is ignored, as danube-connect-core does, but listed with the errors
                "  (warning) processing.metric_port: unknown key, ignored (did you mean processing.metrics_port?)");
        assertThat(child.stderr()).contains("(4 errors)").contains(expected);
        assertThat(Files.readString(dir.resolve("bad-config.termination-log"))).contains(expected);

        // strict: the unknown key is one more error
        Map<String, String> strict = new HashMap<>(Map.of("DANUBE_CONNECT_STRICT_CONFIG", "true"));
        ChildConnector strictChild = start("bad-config-strict", toml, "it-counter-source", "pod-b", strict);
        assertThat(strictChild.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
        assertThat(strictChild.stderr()).contains("(5 errors)").contains("  processing.metric_port: unknown key "
                + "(did you mean processing.metrics_port?) [DANUBE_CONNECT_STRICT_CONFIG=true]");
    }

    @Test
    void unknownConnectorIdListsTheKnownOnes() throws IOException {
        Path toml = sinkToml("it-unknown", "/default/x", dir.resolve("unused.txt"));
        ChildConnector child = start("unknown-id", toml, "sink-nope", "pod-u");

        assertThat(child.awaitExit(Duration.ofSeconds(20))).isEqualTo(2);
        assertThat(child.stderr()).contains("unknown connector \"sink-nope\"")
                .contains("it-counter-source, it-recording-sink");
    }

    private ChildConnector start(String name, Path toml, String connector, String instanceId) {
        return start(name, toml, connector, instanceId, Map.of());
    }

    private ChildConnector start(String name, Path toml, String connector, String instanceId,
                                 Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("CONNECTOR_CONFIG_PATH", toml.toString());
        env.put("DANUBE_CONNECT_INSTANCE_ID", instanceId);
        env.put("DANUBE_CONNECT_TERMINATION_LOG", dir.resolve(name + ".termination-log").toString());
        env.put("DANUBE_CONNECT_SHUTDOWN_TIMEOUT_MS", Long.toString(GRACE.toMillis() - 2000));
        env.put("DANUBE_CONNECT_PLUGINS_DIR", dir.toString());
        env.putAll(extraEnv);
        ChildConnector child = ChildConnector.start(name, dir, env, "--connector", connector);
        children.add(child);
        return child;
    }

    private Path sinkToml(String name, String topic, Path output) throws IOException {
        return Files.writeString(dir.resolve(name + ".toml"), """
                danube_service_url = "%s"
                connector_name = "%s"

                [processing]
                batch_size = 20
                batch_timeout_ms = 50
                metrics_port = 0
                health_check_interval_ms = 1000

                [recorder]
                topic = "%s"
                subscription = "it-sub"
                output_file = "%s"
                """.formatted(broker.serviceUrl(), name, topic, output));
    }

    private Path sourceToml(String name, String topic, long total, int perPoll, long pauseMs, Path state,
                            Long fatalAfter) throws IOException {
        return Files.writeString(dir.resolve(name + ".toml"),
                sourceTomlText(name, topic, total, perPoll, pauseMs, state, fatalAfter));
    }

    private String sourceTomlText(String name, String topic, long total, int perPoll, long pauseMs, Path state,
                                  Long fatalAfter) {
        return CounterSource.toml(broker.serviceUrl(), name, topic, total, perPoll, pauseMs, state, fatalAfter);
    }

    /**
     * Waits until the sink wrote all of 0..total-1; if that does not happen, fails with what tells why: the missing
     * ids, what the broker holds and acked, and the end of the children's logs (their files go with the temp dir).
     */
    private void awaitEverySeen(Path output, long total, String topic, String subscription,
                                ChildConnector... children) {
        try {
            await("sink saw every record").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> distinct(seen(output)).size() == total);
        } catch (ConditionTimeoutException e) {
            StringBuilder why = new StringBuilder(e.getMessage());
            Set<Long> missing = upTo(total);
            missing.removeAll(seen(output));
            why.append("\nmissing ").append(missing.size()).append(" ids, first ")
                    .append(missing.stream().limit(20).toList());
            why.append("\nbroker: ").append(broker.messageCount(topic)).append(" messages on ").append(topic)
                    .append(", subscriptions ").append(broker.subscriptions(topic)).append(", acked by ")
                    .append(subscription).append(": ").append(broker.ackedCount(topic, subscription));
            for (ChildConnector child : children) {
                String log = child.stderr();
                why.append("\n--- ").append(child).append(child.isAlive() ? " (running)" : " (exited)")
                        .append(", end of stderr:\n").append(log.substring(Math.max(0, log.length() - 4000)));
            }
            throw new AssertionError(why.toString(), e);
        }
    }

    private static void awaitSeen(Path output, long atLeast) {
        await("sink saw " + atLeast + " records").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> distinct(seen(output)).size() >= atLeast);
    }

    private static long metric(String body, String name, String connector, String topic) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{connector=\"" + Pattern.quote(connector)
                + "\",topic=\"" + Pattern.quote(topic) + "\"} ([0-9.E]+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(body);
        if (!matcher.find()) {
            throw new AssertionError(name + " for " + topic + " not found in:\n" + body);
        }
        return (long) Double.parseDouble(matcher.group(1));
    }
}
