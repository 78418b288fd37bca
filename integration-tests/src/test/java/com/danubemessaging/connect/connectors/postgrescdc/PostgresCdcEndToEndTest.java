package com.danubemessaging.connect.connectors.postgrescdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.app.ChildConnector;
import com.danubemessaging.connect.proto.StreamMessage;
import com.danubemessaging.connect.connectors.file.RunningConnector;
import com.danubemessaging.connect.runtime.RuntimeHarness;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * source-postgres-cdc end to end: the real PostgreSQL, the connector configured from TOML and run by the real source
 * runtime (in process, or as the runnable in a child JVM), the testkit broker. Record ids are compared as exact sets
 * between the table and what the broker stored.
 */
class PostgresCdcEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TestPostgres pg;
    private DanubeTestBroker broker;
    private final List<AutoCloseable> running = new ArrayList<>();

    @BeforeEach
    void start() {
        pg = TestPostgres.open();
        broker = DanubeTestBroker.builder().build().start();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        broker.close();
        pg.close();
    }

    private String toml(String table, String topic, String extra) {
        String slot = pg.name("slot");
        pg.dropSlotAndPublicationAtClose(slot, slot);
        return """
                danube_service_url = "%s"
                connector_name = "cdc-%s"

                [retry]
                max_retries = 3
                retry_backoff_ms = 100
                max_backoff_ms = 500

                [processing]
                batch_size = 200
                poll_interval_ms = 20
                metrics_port = 0
                health_check_interval_ms = 1000

                [postgres_cdc]
                host = "127.0.0.1"
                port = 5432
                database = "test"
                user = "postgres"
                slot_name = "%s"
                offset_file = "%s"
                heartbeat_interval_ms = 300

                [[postgres_cdc.routes]]
                table = "public.%s"
                topic = "%s"
                %s
                """.formatted(broker.serviceUrl(), pg.id, slot, dir.resolve("offsets.json"), table, topic, extra);
    }

    private RuntimeHarness startInProcess(String toml) {
        RuntimeHarness harness = RunningConnector.start("source-postgres-cdc", toml, dir);
        running.add(harness);
        return harness;
    }

    private ChildConnector startChild(String name, String toml) {
        Path file = dir.resolve("connector.toml");
        try {
            Files.writeString(file, toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildConnector child = ChildConnector.start(name, dir, Map.of(
                "DANUBE_CONNECTOR", "source-postgres-cdc",
                "CONNECTOR_CONFIG_PATH", file.toString(),
                "DANUBE_CONNECT_TERMINATION_LOG", dir.resolve(name + ".termination-log").toString()));
        running.add(child);
        return child;
    }

    /** The stored messages of {@code topic} as parsed payloads. */
    private List<JsonNode> payloads(String topic) {
        return broker.messages(topic).stream().map(PostgresCdcEndToEndTest::parse).toList();
    }

    private static JsonNode parse(StreamMessage message) {
        try {
            return JSON.readTree(message.getPayload().toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ids of the inserted (or snapshot) rows among the messages, each as often as it was sent. */
    private static List<Integer> createdIds(List<JsonNode> payloads) {
        return payloads.stream().filter(p -> Set.of("c", "r").contains(p.get("op").asText()))
                .map(p -> p.get("after").get("id").asInt()).toList();
    }

    private void insertRange(String table, int from, int to) {
        pg.execute("INSERT INTO " + table + " SELECT g, 'row ' || g FROM generate_series(" + from + ", " + (to - 1)
                + ") g");
    }

    private static Set<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void snapshotThenStreamingOfInsertsUpdatesAndDeletesWithKeysAttributesAndSchema() throws IOException {
        String table = pg.name("orders");
        String topic = "/default/cdc-orders-" + pg.id;
        pg.createTable(table, "id int PRIMARY KEY, name text NOT NULL");
        pg.execute("ALTER TABLE " + table + " REPLICA IDENTITY FULL");
        insertRange(table, 0, 50);
        Path schema = Path.of("..", "connectors", "postgres-cdc", "examples", "postgres-cdc-change-event.schema.json")
                .toAbsolutePath().normalize();
        String toml = toml(table, topic, "") + """

                [[schemas]]
                topic = "%s"
                subject = "cdc-orders-%s"
                schema_type = "json_schema"
                schema_file = "%s"
                """.formatted(topic, pg.id, schema);
        RuntimeHarness source = startInProcess(toml);
        await().atMost(WAIT).until(() -> broker.messageCount(topic) >= 50);

        insertRange(table, 50, 60);
        pg.execute("UPDATE " + table + " SET name = 'renamed' WHERE id IN (1, 55)",
                "DELETE FROM " + table + " WHERE id IN (2, 56)");
        await().atMost(WAIT).until(() -> broker.messageCount(topic) >= 64);

        List<StreamMessage> messages = broker.messages(topic);
        List<JsonNode> payloads = messages.stream().map(PostgresCdcEndToEndTest::parse).toList();
        assertThat(payloads).hasSize(64);
        assertThat(createdIds(payloads)).containsExactlyInAnyOrderElementsOf(range(0, 60));
        assertThat(payloads.subList(0, 50)).allSatisfy(p -> assertThat(p.get("op").asText()).isEqualTo("r"));
        List<JsonNode> updates = payloads.stream().filter(p -> p.get("op").asText().equals("u")).toList();
        assertThat(updates).extracting(p -> p.get("after").get("id").asInt()).containsExactlyInAnyOrder(1, 55);
        assertThat(updates).allSatisfy(p -> {
            assertThat(p.get("before").get("name").asText()).startsWith("row ");
            assertThat(p.get("after").get("name").asText()).isEqualTo("renamed");
        });
        List<JsonNode> deletes = payloads.stream().filter(p -> p.get("op").asText().equals("d")).toList();
        assertThat(deletes).extracting(p -> p.get("before").get("id").asInt()).containsExactlyInAnyOrder(2, 56);
        assertThat(deletes).allSatisfy(p -> assertThat(p.get("after").isNull()).isTrue());

        for (StreamMessage message : messages) {
            JsonNode p = parse(message);
            JsonNode row = p.get("after").isNull() ? p.get("before") : p.get("after");
            assertThat(message.getRoutingKey()).as("key = primary key").isEqualTo(row.get("id").asText());
            assertThat(message.getAttributesMap()).containsEntry("cdc.table", "public." + table)
                    .containsEntry("cdc.op", p.get("op").asText()).containsEntry("cdc.database", "test")
                    .containsKeys("cdc.lsn", "cdc.txid");
            assertThat(message.hasSchemaId()).as("[[schemas]] json_schema attached").isTrue();
        }
        assertThat(source.counter("danube.connector.messages.processed", topic, null)).isEqualTo(64);
    }

    @Test
    void aDanubeOutageLosesNothingAndTheSlotDoesNotAdvanceWhileDanubeIsDown() throws Exception {
        String table = pg.name("events");
        String topic = "/default/cdc-outage-" + pg.id;
        String slot = pg.name("slot");
        int total = 1500;
        pg.createTable(table, "id int PRIMARY KEY, name text");
        startInProcess(toml(table, topic, ""));
        await().atMost(WAIT).until(() -> pg.confirmedFlushLsn(slot) != null && broker.topics().contains(topic));

        Writer writer = Writer.start(this, table, 0, total);
        await().atMost(WAIT).until(() -> broker.messageCount(topic) >= 300);
        broker.stop();
        long storedAtStop = broker.messageCount(topic);
        Thread.sleep(1000); // commits of what the broker acknowledged before the stop may still land
        String confirmedAtStop = pg.confirmedFlushLsn(slot);
        Thread.sleep(4000); // > 10 heartbeat intervals: a timer-driven flush would have moved the slot by now
        String confirmedDuringOutage = pg.confirmedFlushLsn(slot);
        long storedDuringOutage = broker.messageCount(topic);
        assertThat(storedAtStop).as("the outage hit mid-stream").isLessThan(total);
        assertThat(confirmedDuringOutage).as("slot while Danube is down").isEqualTo(confirmedAtStop);
        assertThat(storedDuringOutage).isEqualTo(storedAtStop);

        broker.restart();
        writer.join();
        await().atMost(WAIT).until(() -> Set.copyOf(createdIds(payloads(topic))).size() == total);
        List<Integer> ids = createdIds(payloads(topic));
        assertThat(new TreeSet<>(ids)).as("every inserted id, exactly").isEqualTo(range(0, total));
        long lastLsn = broker.messages(topic).stream()
                .mapToLong(m -> Long.parseLong(m.getAttributesMap().get("cdc.lsn"))).max().orElseThrow();
        await().atMost(WAIT).until(() -> TestPostgres.lsnOf(pg.confirmedFlushLsn(slot)) >= lastLsn);
        System.out.printf("postgres-cdc outage: broker stopped after %d of %d rows were stored; the slot stayed at %s"
                + " for 5 s while Danube was down; after the restart all %d arrived, %d duplicates, 0 lost; slot now"
                + " %s%n", storedAtStop, total, confirmedDuringOutage, total, ids.size() - total,
                pg.confirmedFlushLsn(slot));
    }

    /** Inserts rows {@code from..to} in transactions of 25, paced so that the connector streams while it runs. */
    private record Writer(Thread thread, AtomicInteger inserted) {
        static Writer start(PostgresCdcEndToEndTest test, String table, int from, int to) {
            AtomicInteger inserted = new AtomicInteger(from);
            Thread thread = new Thread(() -> {
                while (inserted.get() < to) {
                    int next = inserted.get();
                    test.insertRange(table, next, Math.min(next + 25, to));
                    inserted.set(Math.min(next + 25, to));
                    try {
                        Thread.sleep(15);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "cdc-writer");
            thread.start();
            return new Writer(thread, inserted);
        }

        void join() throws InterruptedException {
            thread.join(WAIT.toMillis());
        }
    }

    @Test
    void killMinus9MidStreamThenRestartLosesNothingAndReportsDuplicates() throws Exception {
        String table = pg.name("killed");
        String topic = "/default/cdc-kill-" + pg.id;
        int total = 3000;
        pg.createTable(table, "id int PRIMARY KEY, name text");
        insertRange(table, 0, 200); // snapshot part
        String toml = toml(table, topic, "");
        ChildConnector first = startChild("cdc-1", toml);
        await().atMost(WAIT).until(() -> broker.messageCount(topic) >= 200);

        Writer writer = Writer.start(this, table, 200, total);
        await().atMost(WAIT).until(() -> broker.messageCount(topic) >= 800);
        first.kill();
        long storedAtKill = broker.messageCount(topic);
        int insertedAtKill = writer.inserted().get();
        assertThat(storedAtKill).as("killed mid-stream").isLessThan(total);

        ChildConnector second = startChild("cdc-2", toml);
        writer.join();
        await().atMost(WAIT).until(() -> Set.copyOf(createdIds(payloads(topic))).size() == total);
        List<Integer> ids = createdIds(payloads(topic));
        assertThat(new TreeSet<>(ids)).as("every inserted id, exactly").isEqualTo(range(0, total));
        int duplicates = ids.size() - total;
        System.out.printf("postgres-cdc kill -9: killed after %d of %d rows were inserted and %d stored;"
                + " after the restart all %d arrived, %d duplicates, 0 lost%n", insertedAtKill, total, storedAtKill,
                total, duplicates);
        assertThat(second.isAlive()).isTrue();
        second.stop();
        assertThat(second.awaitExit(Duration.ofSeconds(30))).isEqualTo(143);
    }

    @Test
    void theRunnableStopsAtStartOnATableWithoutPrimaryKeyAndSaysWhatToChange() throws IOException {
        String table = pg.name("nopk");
        pg.createTable(table, "id int, name text");
        ChildConnector child = startChild("cdc-nopk", toml(table, "/default/cdc-nopk-" + pg.id, ""));

        assertThat(child.awaitExit(Duration.ofSeconds(60))).isNotZero();
        String reason = Files.readString(dir.resolve("cdc-nopk.termination-log"));
        assertThat(reason).contains("table public." + table + " has no primary key")
                .contains("ADD PRIMARY KEY").contains("REPLICA IDENTITY FULL");
        assertThat(pg.single("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + pg.name("slot") + "'"))
                .isEqualTo("0");
    }
}
