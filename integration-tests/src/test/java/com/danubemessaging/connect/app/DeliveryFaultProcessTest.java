package com.danubemessaging.connect.app;

import static com.danubemessaging.connect.app.ConnectorProcesses.awaitSeen;
import static com.danubemessaging.connect.app.ConnectorProcesses.committed;
import static com.danubemessaging.connect.app.ConnectorProcesses.distinct;
import static com.danubemessaging.connect.app.ConnectorProcesses.seen;
import static com.danubemessaging.connect.app.ConnectorProcesses.upTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.SubscriptionFailurePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real runnable in child processes, stopped (SIGTERM) or killed (SIGKILL) in the middle of the stream, and
 * stopped while the external system or the broker is down. Every fault is asserted to have landed before the end of
 * the stream, and the records that arrive are compared as exact id sets.
 */
class DeliveryFaultProcessTest {
    private static final int SIGTERM_EXIT = 143;
    /** The production default of DANUBE_CONNECT_SHUTDOWN_TIMEOUT_MS; these tests leave the variable unset. */
    private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(25);
    /** The process default, not the tests' shorter one. */
    private static final Map<String, String> PRODUCTION_SHUTDOWN = new HashMap<>();

    static {
        PRODUCTION_SHUTDOWN.put("DANUBE_CONNECT_SHUTDOWN_TIMEOUT_MS", null);
    }

    @TempDir
    Path dir;

    private DanubeTestBroker broker;
    private ConnectorProcesses processes;

    @BeforeEach
    void startBroker() {
        broker = DanubeTestBroker.builder()
                // the broker's defaults, but a killed consumer's unacked messages come back after 2 s, not 30 s
                .failurePolicy(SubscriptionFailurePolicy.defaults().withAckTimeout(Duration.ofSeconds(2)))
                .build()
                .start();
        processes = new ConnectorProcesses(dir, broker.serviceUrl());
    }

    @AfterEach
    void stopAll() {
        processes.close();
        broker.close();
    }

    private Path sinkToml(String name, String topic, Path output, String extra) {
        return processes.write(name + ".toml",
                BufferingFileSink.toml(broker.serviceUrl(), name, topic, name + "-sub", output) + extra + "\n");
    }

    private Path sourceToml(String name, String topic, long total, Path state, String extra) {
        return processes.write(name + ".toml",
                CounterSource.toml(broker.serviceUrl(), name, topic, total, 10, 5, state, null) + extra + "\n");
    }

    /** Creates the topic as the source would and starts the sink on it, attached before any record is published. */
    private ChildConnector startSink(String name, String topic, Path toml, String subscription, String instance) {
        if (!broker.topics().contains(topic)) {
            broker.createTopic(topic, DispatchStrategy.Reliable);
        }
        ChildConnector sink = processes.start(name, toml, "it-buffering-sink", instance, Map.of());
        await(name + " attached").atMost(Duration.ofSeconds(30))
                .until(() -> !broker.activeConsumers(topic, subscription).isEmpty() || !sink.isAlive());
        assertThat(sink.isAlive()).as(name + " is running:\n" + sink.stderr()).isTrue();
        return sink;
    }

    @Test
    void aBufferingSinkLosesNothingAcrossASigterm() {
        long total = 1500;
        String topic = "/default/buffered-sigterm";
        Path output = dir.resolve("buffered.txt");
        // the sink's own batcher (100000) never fills: only the runtime's flush() writes
        Path sinkToml = sinkToml("buffered", topic, output, "");
        ChildConnector sink1 = startSink("buffered", topic, sinkToml, "buffered-sub", "sink-pod-a");
        ChildConnector source = processes.start("buffered-source",
                sourceToml("buffered-source", topic, total, dir.resolve("buffered-state"), ""), "it-counter-source",
                "source-pod-a", Map.of());

        awaitSeen(output, total / 3);
        sink1.stop();
        assertThat(sink1.awaitExit(DEFAULT_SHUTDOWN_TIMEOUT)).isEqualTo(SIGTERM_EXIT);
        int atStop = distinct(seen(output)).size();
        assertThat(atStop).as("the SIGTERM landed mid-stream").isLessThan((int) total);
        assertThat(sink1.stderr()).contains("Shutdown signal received").contains("Connector 'buffered' stopped");

        ChildConnector sink2 = startSink("buffered-2", topic, sinkToml, "buffered-sub", "sink-pod-a");
        await("every record written").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> distinct(seen(output)).size() >= total);
        assertThat(distinct(seen(output))).isEqualTo(upTo(total));
        System.out.printf("buffering sink SIGTERM: %d of %d written at the stop; after the restart all %d, 0 lost, "
                + "%d duplicates%n", atStop, total, total, seen(output).size() - total);
        source.stop();
        sink2.stop();
        assertThat(source.awaitExit(DEFAULT_SHUTDOWN_TIMEOUT)).isEqualTo(SIGTERM_EXIT);
        assertThat(sink2.awaitExit(DEFAULT_SHUTDOWN_TIMEOUT)).isEqualTo(SIGTERM_EXIT);
    }

    @Test
    void aSinkKilledMidBatchLosesNothing() {
        long total = 1000;
        String topic = "/default/killed-sink";
        Path output = dir.resolve("killed-sink.txt");
        Path marker = dir.resolve("in-write");
        Path sinkToml = sinkToml("killed", topic, output,
                "in_write_marker = \"" + marker + "\"\npause_in_write_ms = 30");
        ChildConnector sink1 = startSink("killed", topic, sinkToml, "killed-sub", "sink-pod-k");
        ChildConnector source = processes.start("killed-source",
                sourceToml("killed-source", topic, total, dir.resolve("killed-state"), ""), "it-counter-source",
                "source-pod-k", Map.of());

        awaitSeen(output, total / 4);
        // wait until a write is half done, then SIGKILL: half a batch is written, none of it acked
        marker.toFile().delete();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(1)).until(() -> Files.exists(marker));
        sink1.kill();
        List<Long> atKill = seen(output);
        assertThat(distinct(atKill).size()).as("the SIGKILL landed mid-stream").isLessThan((int) total);
        assertThat(sink1.stderr()).doesNotContain("Shutdown signal received");

        startSink("killed-2", topic, sinkToml, "killed-sub", "sink-pod-k");
        await("every record written").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> distinct(seen(output)).size() >= total);
        assertThat(distinct(seen(output))).isEqualTo(upTo(total));
        System.out.printf("sink SIGKILL mid-batch: %d of %d written at the kill; after the restart all %d, 0 lost, "
                + "%d duplicates%n", distinct(atKill).size(), total, total, seen(output).size() - total);
        source.stop();
    }

    @Test
    void aSourceKilledBetweenPublishAndCommitLosesNothing() {
        long total = 1000;
        String topic = "/default/killed-source";
        Path output = dir.resolve("killed-source-out.txt");
        Path state = dir.resolve("killed-source-state");
        Path marker = dir.resolve("in-commit");
        startSink("ksink", topic, sinkToml("ksink", topic, output, ""), "ksink-sub", "sink-pod-s");
        Path sourceToml = sourceToml("ksource", topic, total, state, "");
        // the first run's commit() stops half-way: the records are published, their offset is not yet saved
        Path slowCommitToml = sourceToml("ksource-slow", topic, total, state,
                "commit_marker = \"" + marker + "\"\ncommit_delay_ms = 60000");
        ChildConnector source1 = processes.start("ksource-1", slowCommitToml, "it-counter-source", "source-pod-s",
                Map.of());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> Files.exists(marker));
        source1.kill();
        long committedAtKill = committed(state);
        long publishedAtKill = broker.messageCount(topic);
        assertThat(publishedAtKill).as("records published when the source died").isPositive()
                .isLessThan(total);
        assertThat(committedAtKill).as("offset saved when the source died").isLessThan(publishedAtKill - 1);

        ChildConnector source2 = processes.start("ksource-2", sourceToml, "it-counter-source", "source-pod-s",
                Map.of());
        await("every record written").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> distinct(seen(output)).size() >= total);
        assertThat(distinct(seen(output))).isEqualTo(upTo(total));
        System.out.printf("source SIGKILL between publish and commit: %d published, offset %d saved at the kill; "
                + "after the restart all %d arrived, %d duplicates%n", publishedAtKill, committedAtKill, total,
                seen(output).size() - total);
        source2.stop();
    }

    @Test
    void aSinkThatAlwaysFailsWithOneMinuteBackOffsStopsWithinTheDefaultShutdownTimeout() {
        String topic = "/default/always-failing";
        Path output = dir.resolve("never.txt");
        Path shutdownMarker = dir.resolve("sink-shutdown");
        Path toml = processes.write("failing.toml", """
                danube_service_url = "%s"
                connector_name = "failing"

                [retry]
                max_retries = 3
                retry_backoff_ms = 60000
                max_backoff_ms = 60000

                [processing]
                batch_size = 50
                batch_timeout_ms = 100
                metrics_port = 0

                [buffering]
                topic = "%s"
                subscription = "failing-sub"
                output_file = "%s"
                fail_always = true
                shutdown_marker = "%s"
                """.formatted(broker.serviceUrl(), topic, output, shutdownMarker));
        broker.createTopic(topic, DispatchStrategy.Reliable);
        ChildConnector sink = processes.start("failing", toml, "it-buffering-sink", "pod-f", PRODUCTION_SHUTDOWN);
        await().atMost(Duration.ofSeconds(30)).until(() -> !broker.activeConsumers(topic, "failing-sub").isEmpty());
        ChildConnector source = processes.start("failing-source",
                sourceToml("failing-source", topic, 100, dir.resolve("failing-state"), ""), "it-counter-source",
                "pod-fs", Map.of());
        // the first write failed and the sink sleeps in a 60 s back-off
        sink.awaitLog("retrying in", Duration.ofSeconds(30));

        long start = System.nanoTime();
        sink.stop();
        int exit = sink.awaitExit(Duration.ofSeconds(60));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(exit).isEqualTo(SIGTERM_EXIT);
        assertThat(took).isLessThan(DEFAULT_SHUTDOWN_TIMEOUT);
        assertThat(Files.exists(shutdownMarker)).as("connector shutdown() was called").isTrue();
        assertThat(sink.stderr()).contains("giving up on a batch").doesNotContain("exiting anyway");
        assertThat(broker.ackedCount(topic, "failing-sub")).isZero();
        System.out.printf("always-failing sink with 60 s back-offs stopped %d ms after SIGTERM%n", took.toMillis());
        source.stop();
    }

    @Test
    void aSourceWhoseBrokerIsDownStopsWithinTheDefaultShutdownTimeout() {
        String topic = "/default/broker-gone";
        Path state = dir.resolve("gone-state");
        Path shutdownMarker = dir.resolve("source-shutdown");
        ChildConnector source = processes.start("gone-source", sourceToml("gone-source", topic, 1_000_000, state,
                        "shutdown_marker = \"" + shutdownMarker + "\""), "it-counter-source", "pod-g",
                PRODUCTION_SHUTDOWN);
        source.awaitHttpPort();
        await().atMost(Duration.ofSeconds(30)).until(() -> broker.messageCount(topic) > 100);
        broker.stop();
        // the broker is gone and the source knows it
        await().atMost(Duration.ofSeconds(20)).until(() -> source.get("/health/ready").statusCode() == 503);
        assertThat(source.get("/health/ready").body()).contains("not connected to Danube");

        long start = System.nanoTime();
        source.stop();
        int exit = source.awaitExit(Duration.ofSeconds(60));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(exit).isEqualTo(SIGTERM_EXIT);
        assertThat(took).isLessThan(DEFAULT_SHUTDOWN_TIMEOUT);
        assertThat(Files.exists(shutdownMarker)).as("connector shutdown() was called").isTrue();
        assertThat(source.stderr()).doesNotContain("exiting anyway");
        System.out.printf("source with the broker down stopped %d ms after SIGTERM%n", took.toMillis());
    }
}
