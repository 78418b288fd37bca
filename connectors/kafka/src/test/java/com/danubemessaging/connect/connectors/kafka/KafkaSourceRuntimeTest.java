package com.danubemessaging.connect.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.StreamMessage;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production runnable running {@code source-kafka} in child JVMs, between the real Kafka broker and the testkit
 * Danube broker: ordering per key over partitions, a Danube outage, SIGKILL and restart, and a rebalance between two
 * replicas. Every fault test compares the exact set of ids that reached Danube with the set written to Kafka, and
 * checks that the fault hit while records were still flowing.
 */
class KafkaSourceRuntimeTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int DANUBE_PARTITIONS = 4;
    /** The JVM's exit code after a graceful stop on SIGTERM (128 + 15). */
    private static final int SIGTERM_EXIT = 143;

    private final KafkaTestBroker kafka = KafkaTestBroker.shared();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<RuntimeProcess> processes = new ArrayList<>();
    private DanubeTestBroker danube;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @BeforeEach
    void startDanube() {
        danube = DanubeTestBroker.builder().build().start();
    }

    @AfterEach
    void stopEverything() {
        processes.forEach(RuntimeProcess::close);
        danube.close();
    }

    @Test
    void keyedRecordsKeepTheirOrderPerKeyAcrossPartitionsAndPatternRoutesWork() throws Exception {
        String orders = "orders-" + run;
        String auditA = "audit." + run + ".login";
        String auditB = "audit." + run + ".logout";
        kafka.createTopic(orders, 3);
        kafka.createTopic(auditA, 1);
        kafka.createTopic(auditB, 1);
        int perKey = 50;
        int keys = 12;
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int seq = 0; seq < perKey; seq++) {
                for (int k = 0; k < keys; k++) {
                    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(orders, bytes("key-" + k),
                            bytes("key-" + k + ":" + seq));
                    r.headers().add(new RecordHeader("source", bytes("erp")));
                    producer.send(r);
                }
            }
            producer.send(new ProducerRecord<>(auditA, bytes("login-1"))).get();
            producer.send(new ProducerRecord<>(auditB, bytes("logout-1"))).get();
        }
        String toml = toml("g-order-" + run, """
                [[kafka.routes]]
                from = "%s"
                to = "/default/orders-%s"
                partitions = %d

                [[kafka.routes]]
                from_pattern = "audit\\\\.%s\\\\..*"
                to = "/default/audit-%s"
                """.formatted(orders, run, DANUBE_PARTITIONS, run, run));
        RuntimeProcess runtime = start("replica-order", toml);

        String topic = "/default/orders-" + run;
        await().atMost(WAIT).until(() -> messages(topic).size() >= perKey * keys);
        await().atMost(WAIT).until(() -> danube.messages("/default/audit-" + run).size() >= 2);
        assertThat(runtime.terminate(Duration.ofSeconds(30))).as("graceful stop").isEqualTo(SIGTERM_EXIT);

        Map<String, Integer> partitionOfKey = new HashMap<>();
        for (int p = 0; p < DANUBE_PARTITIONS; p++) {
            Map<String, Integer> lastSeq = new HashMap<>();
            for (StreamMessage m : danube.messages(topic + "-part-" + p)) {
                String[] keyAndSeq = m.getPayload().toStringUtf8().split(":");
                String key = keyAndSeq[0];
                int seq = Integer.parseInt(keyAndSeq[1]);
                assertThat(m.getRoutingKey()).as("the Kafka key is the routing key").isEqualTo(key);
                assertThat(seq).as("order of %s in partition %s", key, p).isGreaterThan(lastSeq.getOrDefault(key, -1));
                lastSeq.put(key, seq);
                Integer before = partitionOfKey.putIfAbsent(key, p);
                assertThat(before == null || before == p).as("%s stays in one Danube partition", key).isTrue();
            }
        }
        assertThat(partitionOfKey).as("every key arrived").hasSize(keys);
        assertThat(new HashSet<>(partitionOfKey.values())).as("the keys are spread over the partitions").hasSizeGreaterThan(1);
        assertThat(messages(topic)).as("no duplicates without a fault").hasSize(perKey * keys);

        StreamMessage sample = danube.messages(topic + "-part-" + partitionOfKey.get("key-0")).get(0);
        assertThat(sample.getAttributesMap()).containsEntry("source", "erp").containsEntry("kafka.topic", orders)
                .containsKeys("kafka.partition", "kafka.offset", "kafka.timestamp");
        assertThat(danube.messages("/default/audit-" + run)).extracting(m -> m.getPayload().toStringUtf8())
                .containsExactlyInAnyOrder("login-1", "logout-1");
        assertThat(kafka.committedTotal("g-order-" + run)).as("a graceful stop commits everything published")
                .isEqualTo(perKey * keys + 2);
    }

    @Test
    void aDanubeOutageMidStreamLosesNothingAndCommitsNothingWhileDanubeIsDown() throws Exception {
        String topic = "outage-" + run;
        String group = "g-outage-" + run;
        kafka.createTopic(topic, 4);
        KafkaLoad load = KafkaLoad.start(kafka, topic, 16, 200);
        RuntimeProcess runtime = start("replica-outage", toml(group, route(topic)));

        await().atMost(WAIT).until(() -> ids().size() >= 300);
        danube.stop();
        int storedAtOutage = ids().size();
        Thread.sleep(500); // commits already on their way land
        long committedEarly = kafka.committedTotal(group);
        int writtenEarly = load.acknowledgedCount();
        Thread.sleep(2000);
        long committedLate = kafka.committedTotal(group);
        assertThat(load.acknowledgedCount()).as("Kafka gets records during the outage").isGreaterThan(writtenEarly);
        assertThat(committedLate).as("no Kafka offset moves while Danube is down").isEqualTo(committedEarly);
        assertThat(committedLate).as("only records Danube stored were committed").isLessThanOrEqualTo(storedAtOutage);

        danube.start();
        int duplicates = awaitEveryWrittenId(load, topic, storedAtOutage);
        System.out.printf("Danube outage: %d stored when it began, %d committed; %d duplicates after%n",
                storedAtOutage, committedLate, duplicates);
        assertThat(runtime.terminate(Duration.ofSeconds(30))).isEqualTo(SIGTERM_EXIT);
    }

    @Test
    void sigkillOfTheRuntimeMidStreamThenARestartLosesNothing() throws Exception {
        String topic = "kill-" + run;
        String group = "g-kill-" + run;
        kafka.createTopic(topic, 4);
        KafkaLoad load = KafkaLoad.start(kafka, topic, 16, 200);
        String toml = toml(group, route(topic));
        RuntimeProcess first = start("replica-killed", toml);

        await().atMost(WAIT).until(() -> ids().size() >= 300 && kafka.committedTotal(group) > 0);
        first.kill();
        Thread.sleep(300); // sends the broker had already received are stored
        int storedAtKill = messages("/default/" + topic).size();
        long committedAtKill = kafka.committedTotal(group);
        assertThat(committedAtKill).as("offsets were being committed before the kill").isPositive()
                .isLessThanOrEqualTo(storedAtKill);

        RuntimeProcess second = start("replica-restarted", toml);
        int duplicates = awaitEveryWrittenId(load, topic, storedAtKill);
        assertThat(second.terminate(Duration.ofSeconds(30))).isEqualTo(SIGTERM_EXIT);
        System.out.printf("SIGKILL: %d stored at the kill, %d committed; %d duplicates after the restart%n",
                storedAtKill, committedAtKill, duplicates);
        assertThat(duplicates).as("exactly the stored but uncommitted records are sent again")
                .isEqualTo(storedAtKill - committedAtKill);
    }

    @Test
    void twoReplicasShareTheGroupAndARebalanceLosesNothing() throws Exception {
        String topic = "replicas-" + run;
        String group = "g-replicas-" + run;
        kafka.createTopic(topic, 4);
        KafkaLoad load = KafkaLoad.start(kafka, topic, 16, 200);
        String toml = toml(group, route(topic));
        RuntimeProcess a = start("replica-a", toml);
        await().atMost(WAIT).until(() -> ids().size() >= 300);

        RuntimeProcess b = start("replica-b", toml);
        await().atMost(WAIT).until(() -> b.counter("danube_connector_messages_processed_total") > 0);
        double processedByA = a.counter("danube_connector_messages_processed_total");
        assertThat(a.terminate(Duration.ofSeconds(30))).as("replica A scaled down gracefully").isEqualTo(SIGTERM_EXIT);
        int storedAtScaleDown = ids().size();
        assertThat(processedByA).as("replica A published before B joined and while both ran").isPositive();

        int duplicates = awaitEveryWrittenId(load, topic, storedAtScaleDown);
        int written = ids().size();
        await().atMost(WAIT).until(() -> kafka.committedTotal(group) == written);
        System.out.printf("Rebalance: %d records, %d duplicates over two rebalances%n", written, duplicates);
        assertThat(b.terminate(Duration.ofSeconds(30))).isEqualTo(SIGTERM_EXIT);
    }

    @Test
    void theRunnableStopsWithAClearErrorWhenKafkaIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String toml = toml("g-unreachable-" + run, route("nowhere"))
                .replace(kafka.bootstrapServers(), "127.0.0.1:" + closedPort)
                .replace("max_retries = 3", "max_retries = 1")
                .replace("[kafka]\n", "[kafka]\nconnection_timeout_ms = 500\n");
        RuntimeProcess runtime = start("replica-unreachable", toml);
        assertThat(runtime.awaitExit(WAIT)).as("fatal error exit code").isEqualTo(1);
        assertThat(runtime.log()).contains("kafka.bootstrap_servers: cannot reach the Kafka cluster at 127.0.0.1:"
                + closedPort + " after 2 attempt(s) of 500 ms each");
    }

    /**
     * Lets records flow on after the fault, stops the load, then waits until Danube holds exactly the ids Kafka
     * acknowledged (none missing, none foreign).
     *
     * @param storedAtFault how many ids Danube held when the fault hit; must be fewer than were written
     * @return the number of duplicates Danube holds
     */
    private int awaitEveryWrittenId(KafkaLoad load, String kafkaTopic, int storedAtFault) throws Exception {
        await().atMost(WAIT).until(() -> ids().size() > storedAtFault + 200);
        Set<String> written = load.stop();
        assertThat(storedAtFault).as("the fault hit mid-stream").isLessThan(written.size());
        await().atMost(WAIT).until(() -> ids().containsAll(written));
        assertThat(ids()).isEqualTo(written);
        return messages("/default/" + kafkaTopic).size() - written.size();
    }

    private RuntimeProcess start(String name, String toml) {
        RuntimeProcess p = RuntimeProcess.start(name, dir, toml, Map.of());
        processes.add(p);
        return p.awaitStarted();
    }

    /** Test timings: quick retries, and a short Kafka session so a killed replica leaves the group in seconds. */
    private String toml(String group, String routes) {
        return """
                danube_service_url = "%s"
                connector_name = "kafka-%s"

                [retry]
                max_retries = 3
                retry_backoff_ms = 100
                max_backoff_ms = 1000

                [processing]
                batch_size = 200
                metrics_port = 0

                [kafka]
                bootstrap_servers = "%s"
                group_id = "%s"
                poll_timeout_ms = 100

                [kafka.properties]
                "session.timeout.ms" = 3000
                "heartbeat.interval.ms" = 1000

                %s
                """.formatted(danube.serviceUrl(), run, kafka.bootstrapServers(), group, routes);
    }

    private String route(String kafkaTopic) {
        return """
                [[kafka.routes]]
                from = "%s"
                to = "/default/%s"
                partitions = %d
                """.formatted(kafkaTopic, kafkaTopic, DANUBE_PARTITIONS);
    }

    /** Every message stored on the partitions of a Danube topic. */
    private List<StreamMessage> messages(String topic) {
        List<StreamMessage> all = new ArrayList<>();
        for (int p = 0; p < DANUBE_PARTITIONS; p++) {
            all.addAll(danube.messages(topic + "-part-" + p));
        }
        return all;
    }

    /** The distinct payloads stored on the one Danube topic of the test (the test's only non-audit topic). */
    private Set<String> ids() {
        Set<String> ids = new HashSet<>();
        for (String topic : danube.topics()) {
            if (topic.contains("-part-")) {
                danube.messages(topic).forEach(m -> ids.add(m.getPayload().toStringUtf8()));
            }
        }
        return ids;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
