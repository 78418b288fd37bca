package com.danubemessaging.connect.connectors.deltalake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.app.ChildConnector;
import com.danubemessaging.connect.app.ConnectorProcesses;
import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.OutgoingMessage;
import com.danubemessaging.connect.client.Producer;
import com.danubemessaging.connect.connectors.ExampleToml;
import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.SubscriptionFailurePolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable with sink-deltalake in a child JVM, killed with SIGKILL right after a Delta commit and before the
 * acks of that commit's records, then started again: the broker redelivers those records, and the table must end
 * up with every record exactly once.
 */
class DeltaLakeCrashTest {
    private static final String TOPIC = "/default/delta-crash";
    private static final String SUBSCRIPTION = "deltalake-sink";
    private static final int TOTAL = 600;

    @TempDir
    Path dir;

    private DanubeTestBroker broker;
    private ConnectorProcesses processes;

    @BeforeEach
    void startBroker() {
        broker = DanubeTestBroker.builder()
                .maxUnackedMessages(1000)
                // a killed consumer's unacked messages come back quickly
                .failurePolicy(SubscriptionFailurePolicy.defaults().withAckTimeout(Duration.ofSeconds(2))
                        .withMaxRedeliveryCount(100))
                .build()
                .start();
        processes = new ConnectorProcesses(dir, broker.serviceUrl());
    }

    @AfterEach
    void stopAll() {
        processes.close();
        broker.close();
    }

    private Path toml(Path table) {
        String toml = ExampleToml.load("deltalake", "sink-deltalake.toml", Map.of(
                "danube_service_url = \"http://localhost:6650\"", "danube_service_url = \"" + broker.serviceUrl() + "\"",
                "metrics_port = 9090", "metrics_port = 0",
                "batch_size = 1000 ", "batch_size = 100 ",
                "batch_timeout_ms = 5000", "batch_timeout_ms = 200",
                "from = \"/default/events\"", "from = \"" + TOPIC + "\"",
                "to = \"/var/lib/danube-connect/delta/events\"", "to = \"" + table + "\""));
        return processes.write("sink-deltalake.toml", toml);
    }

    private ChildConnector start(String name, Path toml, String connector, Map<String, String> env) {
        ChildConnector child = processes.start(name, toml, connector, "delta-pod-a", env);
        child.awaitHttpPort();
        return child;
    }

    private static String event(long id) {
        return "{\"event_id\":" + id + ",\"type\":\"click\",\"user\":{\"id\":\"u" + id % 7 + "\"},\"amount\":\""
                + id + ".50\",\"at\":\"2024-05-01T10:00:00Z\"}";
    }

    private static List<Long> ids(DeltaTables table) {
        return table.rows().stream().map(r -> (Long) r.get("event_id")).sorted().toList();
    }

    @Test
    void killedBetweenCommitAndAckThenRestartedLeavesEveryRecordExactlyOnce() throws Exception {
        Path table = dir.resolve("events");
        Path toml = toml(table);
        Path marker = dir.resolve("paused");
        broker.createTopic(TOPIC, DispatchStrategy.Reliable);
        ChildConnector first = start("delta-1", toml, PauseAfterCommitProvider.class.getName(),
                Map.of("PAUSE_AFTER_COMMITS", "3", "PAUSE_MARKER", marker.toString()));
        await().atMost(Duration.ofSeconds(60)).until(() -> !broker.activeConsumers(TOPIC, SUBSCRIPTION).isEmpty());

        try (DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).build();
             Producer producer = client.newProducer().topic(TOPIC).name("events").reliable(true).create()) {
            LongStream.range(0, TOTAL).forEach(i -> producer.sendAsync(
                    OutgoingMessage.of(event(i).getBytes(StandardCharsets.UTF_8))));
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(marker));
        DeltaTables delta = new DeltaTables(table.toString());
        int committedAtCrash = delta.rows().size();
        long ackedAtCrash = broker.ackedCount(TOPIC, SUBSCRIPTION);
        String pausedAt = Files.readString(marker);
        first.kill(); // SIGKILL (destroyForcibly)
        assertThat(first.isAlive()).isFalse();
        assertThat(committedAtCrash).as("the crash hit mid-stream").isPositive().isLessThan(TOTAL);
        assertThat(ackedAtCrash).as("the last commit's records were not acked").isLessThan(committedAtCrash);

        ChildConnector second = start("delta-2", toml, "sink-deltalake", Map.of());
        await().atMost(Duration.ofSeconds(90)).until(() -> broker.ackedCount(TOPIC, SUBSCRIPTION) == TOTAL);

        List<Long> ids = ids(delta);
        assertThat(ids).as("every record exactly once").isEqualTo(LongStream.range(0, TOTAL).boxed().toList());
        // the redelivered records came back whole ("all N records are already in the table") or mixed with new ones
        // ("N redelivered records were already in the table and were skipped")
        assertThat(second.stderr()).contains("already in the table");
        assertThat(delta.transactionVersion("danube-connect:" + SUBSCRIPTION)).isPresent();
        System.out.printf("Delta crash: killed after commit (version, rows) = %s with %d rows committed and %d"
                + " acked; after the restart %d rows, %d distinct, 0 duplicates, 0 lost%n", pausedAt,
                committedAtCrash, ackedAtCrash, ids.size(), ids.stream().distinct().count());
        second.stop();
    }
}
