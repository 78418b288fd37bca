package com.danubemessaging.connect.connectors.postgrescdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.Offset;
import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.api.SourceRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector against the real PostgreSQL, driven like the runtime drives it (poll, then commit what "Danube
 * acknowledged"), without a broker: what records look like, and that the slot is confirmed only after commit.
 */
class PostgresCdcSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private TestPostgres pg;
    private PostgresCdcSource source;

    @BeforeEach
    void open() {
        pg = TestPostgres.open();
    }

    @AfterEach
    void close() {
        if (source != null) {
            source.shutdown();
        }
        pg.close();
    }

    private ConnectorConfig config(String table, String slot, Map<String, Object> extra) {
        Map<String, Object> cdc = new java.util.HashMap<>(Map.of(
                "host", TestPostgres.HOST, "port", TestPostgres.PORT, "database", TestPostgres.DATABASE,
                "user", TestPostgres.USER, "tables", List.of("public." + table), "slot_name", slot,
                "offset_file", dir.resolve("offsets.json").toString(), "heartbeat_interval_ms", 300));
        cdc.putAll(extra);
        pg.dropSlotAndPublicationAtClose(slot, slot);
        return ConnectorConfig.builder().serviceUrl("http://127.0.0.1:1").connectorName("cdc-" + pg.id)
                .processing(ProcessingSettings.defaults().withBatchSize(100).withPollIntervalMs(50))
                .table("postgres_cdc", cdc).build();
    }

    private List<SourceRecord> pollUntil(int count) {
        List<SourceRecord> got = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            got.addAll(source.poll());
            return got.size() >= count;
        });
        return got;
    }

    private static List<Offset> lastOffset(List<SourceRecord> records) {
        return List.of(records.get(records.size() - 1).offset().orElseThrow());
    }

    @Test
    void snapshotThenInsertsUpdatesDeletesAsDebeziumJsonAndTheSlotIsConfirmedOnlyAfterCommit() {
        String table = pg.name("orders");
        String slot = pg.name("slot");
        pg.createTable(table, "id int PRIMARY KEY, name text NOT NULL, amount numeric(10,2)");
        // FULL: updates and deletes carry the whole old row in "before" (DEFAULT: deletes only the key, updates none)
        pg.execute("ALTER TABLE " + table + " REPLICA IDENTITY FULL",
                "INSERT INTO " + table + " VALUES (1, 'one', 1.50), (2, 'two', 2.25), (3, 'three', NULL)");

        source = new PostgresCdcSource(Map.of());
        source.initialize(config(table, slot, Map.of()));
        assertThat(source.producerConfigs()).singleElement()
                .satisfies(p -> assertThat(p.topic()).isEqualTo("/default/public-" + table));

        List<SourceRecord> snapshot = pollUntil(3);
        assertThat(snapshot).hasSize(3).allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo("/default/public-" + table);
            assertThat(r.payload().get("op").asText()).isEqualTo("r");
            assertThat(r.attributes()).containsEntry("cdc.op", "r").containsEntry("cdc.table", "public." + table)
                    .containsEntry("cdc.database", "test").containsKeys("cdc.lsn", "cdc.txid", "cdc.snapshot");
        });
        assertThat(snapshot).extracting(r -> r.key().orElseThrow()).containsExactly("1", "2", "3");
        assertThat(snapshot.get(0).payload().get("after").get("amount").asText()).isEqualTo("1.50");
        source.commit(lastOffset(snapshot));

        pg.execute("INSERT INTO " + table + " VALUES (4, 'four', 4.00)",
                "UPDATE " + table + " SET name = 'TWO' WHERE id = 2",
                "DELETE FROM " + table + " WHERE id = 3");
        List<SourceRecord> changes = pollUntil(3);
        assertThat(changes).extracting(r -> r.payload().get("op").asText()).containsExactly("c", "u", "d");
        JsonNode update = changes.get(1).payload();
        assertThat(update.get("before").get("name").asText()).isEqualTo("two");
        assertThat(update.get("after").get("name").asText()).isEqualTo("TWO");
        assertThat(update.get("source").get("table").asText()).isEqualTo(table);
        JsonNode delete = changes.get(2).payload();
        assertThat(delete.get("before").get("id").asInt()).isEqualTo(3);
        assertThat(delete.get("before").get("name").asText()).isEqualTo("three");
        assertThat(delete.get("after").isNull()).isTrue();
        assertThat(changes).extracting(r -> r.key().orElseThrow()).containsExactly("4", "2", "3");
        long lastChangeLsn = Long.parseLong(changes.get(2).attributes().get("cdc.lsn"));

        // not committed: heartbeats come and go, the slot stays behind the changes
        long until = System.currentTimeMillis() + 1500;
        while (System.currentTimeMillis() < until) {
            assertThat(source.poll()).isEmpty();
        }
        assertThat(TestPostgres.lsnOf(pg.confirmedFlushLsn(slot))).isLessThan(lastChangeLsn);

        source.commit(lastOffset(changes));
        await().atMost(WAIT).until(() -> {
            source.poll();
            return TestPostgres.lsnOf(pg.confirmedFlushLsn(slot)) >= lastChangeLsn;
        });
    }

    @Test
    void aDroppedReplicationConnectionIsRecoveredWithoutLosingChanges() {
        String table = pg.name("items");
        String slot = pg.name("slot");
        pg.createTable(table, "id int PRIMARY KEY, name text");
        source = new PostgresCdcSource(Map.of());
        source.initialize(config(table, slot, Map.of("snapshot_mode", "no_data")));
        await().atMost(WAIT).until(() -> "t".equals(pg.single(
                "SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")));

        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        pg.execute("INSERT INTO " + table + " SELECT g, 'x' FROM generate_series(1, 100) g");
        await().atMost(WAIT).until(() -> {
            pollAndCommit(seen);
            return seen.size() == 100;
        });
        String walsender = pg.single("SELECT active_pid FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
        pg.execute("SELECT pg_terminate_backend(" + walsender + ")");
        pg.execute("INSERT INTO " + table + " SELECT g, 'y' FROM generate_series(101, 200) g");
        await().atMost(WAIT).until(() -> {
            pollAndCommit(seen);
            return seen.size() == 200;
        });
        assertThat(seen).hasSize(200).first().isEqualTo(1);
        assertThat(pg.single("SELECT active_pid FROM pg_replication_slots WHERE slot_name = '" + slot + "'"))
                .as("streaming again on a new walsender").isNotEqualTo(walsender).isNotNull();
    }

    /** One poll as the runtime does it: a retryable failure means "back off and poll again". */
    private void pollAndCommit(java.util.Set<Integer> seen) {
        List<SourceRecord> records;
        try {
            records = source.poll();
        } catch (com.danubemessaging.connect.api.RetryableException e) {
            return;
        }
        records.forEach(r -> seen.add(r.payload().get("after").get("id").asInt()));
        if (!records.isEmpty()) {
            source.commit(lastOffset(records));
        }
    }

    @Test
    void withoutTheOffsetFileNoDataResumesFromTheSlotsConfirmedPositionLosingNothing() throws Exception {
        String table = pg.name("resume");
        String slot = pg.name("slot");
        pg.createTable(table, "id int PRIMARY KEY, name text");
        pg.execute("INSERT INTO " + table + " SELECT g, 'a' FROM generate_series(1, 20) g");
        source = new PostgresCdcSource(Map.of());
        source.initialize(config(table, slot, Map.of()));
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        await().atMost(WAIT).until(() -> {
            pollAndCommit(seen);
            return seen.size() == 20;
        });
        pg.execute("INSERT INTO " + table + " SELECT g, 'b' FROM generate_series(21, 40) g");
        await().atMost(WAIT).until(() -> {
            pollAndCommit(seen);
            return seen.size() == 40;
        });
        source.shutdown();
        source = null;
        pg.execute("INSERT INTO " + table + " SELECT g, 'c' FROM generate_series(41, 60) g");
        java.nio.file.Files.delete(dir.resolve("offsets.json"));

        source = new PostgresCdcSource(Map.of());
        source.initialize(config(table, slot, Map.of("snapshot_mode", "no_data")));
        // a new pod under the operator: the slot remembers what Danube acknowledged, so the rows written while no
        // connector ran arrive (with some acknowledged ones again), none of the snapshot is taken again
        java.util.Set<Integer> after = new java.util.TreeSet<>();
        await().atMost(WAIT).until(() -> {
            pollAndCommit(after);
            return after.containsAll(java.util.stream.IntStream.rangeClosed(41, 60).boxed().toList());
        });
        assertThat(after).doesNotContain(1);
    }
}
