package com.danubemessaging.connect.connectors.deltalake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.SinkRecord;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sink-deltalake on local Delta tables, called the way the runtime calls it, read back with Delta Kernel. */
class DeltaLakeSinkTest {
    private static final String TOPIC = "/default/delta-events";
    private static final String APP_ID = "danube-connect:delta-sub";

    @TempDir
    Path dir;

    static Map<String, Object> route(Path table, List<Map<String, Object>> mappings) {
        Map<String, Object> route = new HashMap<>();
        route.put("from", TOPIC);
        route.put("subscription", "delta-sub");
        route.put("to", table.toString());
        route.put("field_mappings", mappings);
        return route;
    }

    static List<Map<String, Object>> idAndName() {
        return List.of(Map.of("json_path", "id", "column", "id", "data_type", "Int64", "nullable", false),
                Map.of("json_path", "name", "column", "name", "data_type", "Utf8"));
    }

    static DeltaLakeSink start(Map<String, Object> route) {
        return start(route, CommitObserver.NONE);
    }

    static DeltaLakeSink start(Map<String, Object> route, CommitObserver observer) {
        DeltaLakeSink sink = new DeltaLakeSink(Map.of(), observer);
        sink.initialize(ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("delta-test")
                .table("deltalake", Map.of("routes", List.of(route))).build());
        return sink;
    }

    static SinkRecord record(long offset, String json) {
        return record("/default/delta-events-part-0", offset, 1_700_000_000_000L + offset, json);
    }

    static SinkRecord record(String partition, long offset, long publishTime, String json) {
        return SinkRecord.builder(TOPIC, json.getBytes(StandardCharsets.UTF_8)).partitionTopic(partition)
                .offset(offset).messageId(partition + "@" + offset + "/3").publishTimeMillis(publishTime)
                .producerName("p").build();
    }

    static List<SinkRecord> records(long from, long to) {
        return LongStream.range(from, to).mapToObj(i -> record(i, "{\"id\":" + i + ",\"name\":\"n" + i + "\"}"))
                .toList();
    }

    static void write(DeltaLakeSink sink, List<SinkRecord> batch) {
        sink.processBatch(batch);
        sink.flush();
    }

    static List<Long> ids(DeltaTables table) {
        return table.rows().stream().map(r -> (Long) r.get("id")).sorted().toList();
    }

    @Test
    void valuesAreReadBackWithTheirDeltaTypes() {
        Path table = dir.resolve("typed");
        DeltaLakeSink sink = start(route(table, List.of(
                Map.of("json_path", "id", "column", "id", "data_type", "Int64", "nullable", false),
                Map.of("json_path", "user.name", "column", "name", "data_type", "Utf8"),
                Map.of("json_path", "small", "column", "small", "data_type", "Int8"),
                Map.of("json_path", "big", "column", "big", "data_type", "UInt64"),
                Map.of("json_path", "ratio", "column", "ratio", "data_type", "Float32"),
                Map.of("json_path", "amount", "column", "amount", "data_type", "Decimal(10,2)"),
                Map.of("json_path", "ok", "column", "ok", "data_type", "Boolean"),
                Map.of("json_path", "at", "column", "at", "data_type", "Timestamp"),
                Map.of("json_path", "day", "column", "day", "data_type", "Date"),
                Map.of("json_path", "blob", "column", "blob", "data_type", "Binary"),
                Map.of("json_path", "user", "column", "user_json", "data_type", "Utf8"))));
        write(sink, List.of(record(1, "{\"id\":1,\"user\":{\"name\":\"Ann\"},\"small\":-128,"
                + "\"big\":\"18446744073709551615\",\"ratio\":0.5,\"amount\":\"12.3\",\"ok\":true,"
                + "\"at\":\"2024-05-01T12:00:00.123456+02:00\",\"day\":\"2024-05-01\",\"blob\":\"AAEC\"}"),
                record(2, "{\"id\":2,\"at\":1700000000}")));

        List<Map<String, Object>> rows = new DeltaTables(table.toString()).rows();
        rows.sort((a, b) -> Long.compare((Long) a.get("id"), (Long) b.get("id")));
        Map<String, Object> first = rows.get(0);
        assertThat(first.get("name")).isEqualTo("Ann");
        assertThat(first.get("small")).isEqualTo((byte) -128);
        assertThat(first.get("big")).isEqualTo(new BigDecimal("18446744073709551615"));
        assertThat(first.get("ratio")).isEqualTo(0.5f);
        assertThat(first.get("amount")).isEqualTo(new BigDecimal("12.30"));
        assertThat(first.get("ok")).isEqualTo(true);
        assertThat(first.get("at")).isEqualTo(Instant.parse("2024-05-01T10:00:00.123456Z").getEpochSecond()
                * 1_000_000 + 123_456);
        assertThat(first.get("day")).isEqualTo((int) LocalDate.parse("2024-05-01").toEpochDay());
        assertThat((byte[]) first.get("blob")).containsExactly(0, 1, 2);
        assertThat(first.get("user_json")).isEqualTo("{\"name\":\"Ann\"}");
        Map<String, Object> second = rows.get(1);
        assertThat(second.get("name")).isNull();
        assertThat(second.get("at")).isEqualTo(1_700_000_000_000_000L);
    }

    @Test
    void everyFlushIsOneCommitCarryingTheTxnVersionAndTheCommittedOffsets() throws IOException {
        Path table = dir.resolve("commits");
        DeltaLakeSink sink = start(route(table, idAndName()));
        DeltaTables delta = new DeltaTables(table.toString());
        assertThat(delta.version()).as("created at start").isZero();

        write(sink, records(1, 101));
        write(sink, records(101, 201));
        write(sink, records(201, 301));

        assertThat(delta.version()).isEqualTo(3);
        assertThat(delta.transactionVersion(APP_ID)).contains(3L);
        assertThat(new ObjectMapper().readTree(delta.domainMetadata(APP_ID).orElseThrow()).toString())
                .isEqualTo("{\"format\":1,\"sequence\":3,\"partitions\":{\"/default/delta-events-part-0\":"
                        + "{\"max_publish_time\":1700000000300,\"ranges\":[[1,300]]}}}");
        assertThat(ids(delta)).isEqualTo(LongStream.range(1, 301).boxed().toList());
        try (var log = Files.list(table.resolve("_delta_log"))) {
            assertThat(log.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(4);
        }
        // the post-commit hooks run: version 10 gets a checkpoint, so readers need not replay every commit
        for (int i = 0; i < 7; i++) {
            write(sink, records(301 + i, 302 + i));
        }
        assertThat(table.resolve("_delta_log/00000000000000000010.checkpoint.parquet")).exists();
        assertThat(ids(delta)).hasSize(307);
    }

    @Test
    void aBatchRedeliveredAfterARestartIsNotCommittedTwice() {
        Path table = dir.resolve("redelivered");
        DeltaLakeSink first = start(route(table, idAndName()));
        write(first, records(1, 51));
        // the process died after that commit, before the acks; a new one gets the same messages and newer ones
        DeltaLakeSink second = start(route(table, idAndName()));
        List<SinkRecord> redelivered = new ArrayList<>(records(1, 51));
        redelivered.addAll(records(51, 81));
        write(second, redelivered);
        write(second, records(10, 20));

        DeltaTables delta = new DeltaTables(table.toString());
        assertThat(ids(delta)).isEqualTo(LongStream.range(1, 81).boxed().toList());
        assertThat(delta.version()).as("the all-duplicate batch made no commit").isEqualTo(2);
    }

    @Test
    void replicasSharingASubscriptionShareTheLedgerAndMessagesOutOfOrderAreKept() {
        Path table = dir.resolve("replicas");
        DeltaLakeSink a = start(route(table, idAndName()));
        DeltaLakeSink b = start(route(table, idAndName()));
        write(a, records(1, 11));
        write(b, records(20, 31));
        // 11..19 were nacked earlier and come back after 20..30 were committed: they are new, not duplicates
        write(a, records(11, 20));
        // a redelivery of what replica a committed reaches replica b
        write(b, records(1, 31));

        DeltaTables delta = new DeltaTables(table.toString());
        assertThat(ids(delta)).isEqualTo(LongStream.range(1, 31).boxed().toList());
        assertThat(OffsetLedger.parse(delta.domainMetadata(APP_ID).orElseThrow())
                .ranges("/default/delta-events-part-0")).isEqualTo(1);
    }

    @Test
    void offsetZeroIsMatchedByItsFingerprintAndAReusedOffsetOfARecreatedTopicIsNew() {
        Path table = dir.resolve("zero");
        DeltaLakeSink sink = start(route(table, idAndName()));
        String partition = "/default/delta-events-part-0";
        write(sink, List.of(record(partition, 0, 1000, "{\"id\":0}"), record(partition, 5, 1000, "{\"id\":5}")));
        // the first message of a reliable topic (offset 0) redelivered: the same publish time, producer, payload
        write(sink, List.of(record(partition, 0, 1000, "{\"id\":0}")));
        // every message of a non-reliable topic has offset 0: another one is new
        write(sink, List.of(record(partition, 0, 1001, "{\"id\":100}")));
        // the topic was deleted and created again: offset 5 again, but published later
        write(sink, List.of(record(partition, 5, 2000, "{\"id\":105}")));
        // a real redelivery of offset 5 (same publish time) is still recognised
        write(sink, List.of(record(partition, 5, 1000, "{\"id\":5}")));

        assertThat(ids(new DeltaTables(table.toString()))).containsExactly(0L, 5L, 100L, 105L);
    }

    @Test
    void aRecordThatDoesNotFitTheSchemaIsInvalidDataNamingRouteAndColumn() {
        Path table = dir.resolve("mismatch");
        DeltaLakeSink sink = start(route(table, List.of(
                Map.of("json_path", "id", "column", "id", "data_type", "Int64", "nullable", false),
                Map.of("json_path", "level", "column", "level", "data_type", "Int8"),
                Map.of("json_path", "ok", "column", "ok", "data_type", "Boolean"))));
        String label = "deltalake route " + TOPIC + " → " + table;

        assertThatThrownBy(() -> sink.processBatch(List.of(record(1, "{\"id\":1}"),
                record(2, "{\"id\":\"two\"}"))))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage(label + ": column 'id' (Int64, Delta long): \"two\" is not a number for Int64 (message"
                        + " /default/delta-events-part-0@2/3)");
        assertThatThrownBy(() -> sink.processBatch(List.of(record(3, "{\"level\":1}"))))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("column 'id' (Int64, Delta long): nothing at json path 'id', and the column is"
                        + " not nullable");
        assertThatThrownBy(() -> sink.processBatch(List.of(record(4, "{\"id\":4,\"level\":300}"))))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("column 'level' (Int8, Delta byte): 300 does not fit Int8 (-128 to 127)");
        assertThatThrownBy(() -> sink.processBatch(List.of(record(5, "{\"id\":5,\"ok\":1}"))))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("column 'ok' (Boolean, Delta boolean): 1 is not a boolean");

        // nothing of the refused batches is kept: the next flush writes only what was handed over since
        write(sink, List.of(record(6, "{\"id\":6}")));
        assertThat(ids(new DeltaTables(table.toString()))).containsExactly(6L);
    }

    @Test
    void theDanubeMetadataColumnHoldsTheMessageCoordinates() throws IOException {
        Path table = dir.resolve("metadata");
        Map<String, Object> route = route(table, idAndName());
        route.put("include_danube_metadata", true);
        write(start(route), List.of(record(7, "{\"id\":7}")));
        Object metadata = new DeltaTables(table.toString()).rows().get(0).get("_danube_metadata");
        assertThat(new ObjectMapper().readTree((String) metadata).toString()).isEqualTo("{\"topic\":\"" + TOPIC
                + "\",\"partition\":\"/default/delta-events-part-0\",\"offset\":7,\"timestamp\":1700000000007,"
                + "\"producer\":\"p\",\"message_id\":\"/default/delta-events-part-0@7/3\"}");
    }

    @Test
    void aTableThatMayNotBeCreatedOrCannotBeWrittenStopsTheStartNamingTheRoute() throws IOException {
        Path missing = dir.resolve("missing");
        Map<String, Object> noCreate = route(missing, idAndName());
        noCreate.put("create_table", false);
        assertThatThrownBy(() -> start(noCreate)).isInstanceOf(ConfigurationException.class)
                .hasMessage("deltalake route " + TOPIC + " → " + missing + ": there is no Delta table at "
                        + missing.toUri().toString().replaceAll("/$", "") + " and create_table = false");

        // /proc refuses new directories even to root, which the permission bits would not
        Path unwritable = Path.of("/proc/self/danube-delta-table");
        assertThatThrownBy(() -> start(route(unwritable, idAndName()))).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("deltalake route " + TOPIC + " → " + unwritable
                        + ": cannot create the Delta table at " + unwritable.toUri()
                        + ": Failed to create delta log directory");

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> start(route(file.resolve("table"), idAndName())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("deltalake route " + TOPIC + " → " + file.resolve("table") + ": cannot");
    }

    @Test
    void s3WithoutTheS3aFilesystemOnTheClassPathStopsTheStartNamingTheRoute() {
        Map<String, Object> route = route(dir, idAndName());
        route.put("to", "s3://delta-tables/events");
        DeltaLakeSink sink = new DeltaLakeSink(Map.of(), CommitObserver.NONE);
        assertThatThrownBy(() -> sink.initialize(ConnectorConfig.builder().serviceUrl("http://localhost:6650")
                .connectorName("delta-test").table("deltalake", Map.of("storage_backend", "s3", "s3_region",
                        "us-east-1", "routes", List.of(route))).build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("deltalake route " + TOPIC + " → s3://delta-tables/events: cannot read the"
                        + " Delta table at s3a://delta-tables/events")
                .hasMessageContaining("Class org.apache.hadoop.fs.s3a.S3AFileSystem not found")
                .hasMessageEndingWith("S3A is not on the class path: put hadoop-aws and the AWS SDK bundle into the"
                        + " runtime's plugins directory (README \"S3\")");
    }

    @Test
    void anExistingTableWhoseColumnTypeDiffersStopsTheStartNamingTheColumn() {
        Path table = dir.resolve("existing");
        start(route(table, idAndName()));
        List<Map<String, Object>> other = List.of(
                Map.of("json_path", "id", "column", "id", "data_type", "Int32", "nullable", false),
                Map.of("json_path", "name", "column", "name", "data_type", "Utf8"));
        assertThatThrownBy(() -> start(route(table, other))).isInstanceOf(ConfigurationException.class)
                .hasMessage("deltalake route " + TOPIC + " → " + table + ": column 'id' is long in the table, but"
                        + " field_mappings makes it integer");
        List<Map<String, Object>> unknown = new ArrayList<>(idAndName());
        unknown.add(Map.of("json_path", "x", "column", "extra", "data_type", "Utf8"));
        assertThatThrownBy(() -> start(route(table, unknown))).isInstanceOf(ConfigurationException.class)
                .hasMessage("deltalake route " + TOPIC + " → " + table + ": the table has no column 'extra' (its"
                        + " columns: id, name)");
    }

    @Test
    void manyPartitionsInOneBatchAreOneCommit() {
        Path table = dir.resolve("partitions");
        DeltaLakeSink sink = start(route(table, idAndName()));
        List<SinkRecord> batch = IntStream.range(0, 300).mapToObj(i -> record("/default/delta-events-part-" + (i % 3),
                1 + i / 3, 1_700_000_000_000L, "{\"id\":" + i + "}")).toList();
        write(sink, batch);
        write(sink, batch);
        DeltaTables delta = new DeltaTables(table.toString());
        assertThat(delta.version()).isEqualTo(1);
        assertThat(ids(delta)).isEqualTo(LongStream.range(0, 300).boxed().collect(Collectors.toList()));
    }
}
