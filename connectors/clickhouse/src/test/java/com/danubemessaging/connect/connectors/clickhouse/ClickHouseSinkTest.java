package com.danubemessaging.connect.connectors.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.SinkRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** sink-clickhouse against the real ClickHouse server of this machine, called the way the runtime calls it. */
class ClickHouseSinkTest {
    private static final String TOPIC = "/default/ch-events";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> tables = new ArrayList<>();
    private final List<ClickHouseSink> sinks = new ArrayList<>();

    @BeforeEach
    void requireServer() {
        LocalClickHouse.require();
    }

    @AfterEach
    void cleanUp() {
        sinks.forEach(ClickHouseSink::shutdown);
        tables.forEach(LocalClickHouse::drop);
    }

    private String table(String prefix, String columnsAndEngine) {
        String name = LocalClickHouse.uniqueTable(prefix);
        tables.add(name);
        if (columnsAndEngine != null) {
            LocalClickHouse.query("CREATE TABLE default." + name + " " + columnsAndEngine);
        }
        return name;
    }

    static Map<String, Object> route(String table) {
        Map<String, Object> route = new HashMap<>();
        route.put("from", TOPIC);
        route.put("subscription", "ch-sub");
        route.put("to", table);
        return route;
    }

    private ClickHouseSink start(Map<String, Object> route, Map<String, Object> extra) {
        Map<String, Object> clickhouse = new HashMap<>(extra);
        clickhouse.putIfAbsent("url", LocalClickHouse.URL);
        clickhouse.put("routes", List.of(route));
        ClickHouseSink sink = new ClickHouseSink(Map.of());
        sinks.add(sink);
        sink.initialize(ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("ch-test")
                .table("clickhouse", clickhouse).build());
        return sink;
    }

    private ClickHouseSink start(Map<String, Object> route) {
        return start(route, Map.of());
    }

    static SinkRecord record(long offset, String json) {
        return SinkRecord.builder(TOPIC, json.getBytes(StandardCharsets.UTF_8))
                .partitionTopic(TOPIC).offset(offset).messageId(TOPIC + "@" + offset + "/7")
                .publishTimeMillis(1_700_000_000_000L + offset).producerName("producer-a").build();
    }

    private static List<JsonNode> rows(String sql) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : LocalClickHouse.query(sql + " FORMAT JSONEachRow").split("\n")) {
            if (!line.isBlank()) {
                rows.add(JSON.readTree(line));
            }
        }
        return rows;
    }

    @Test
    void mappedValuesLandWithTheColumnTypes() throws IOException {
        String table = table("ch_types", "(id UInt64, amount Decimal(9, 2), ratio Float64, small Int8, name String,"
                + " nick Nullable(String), at DateTime, day Date, tags Array(Int32), uid UUID,"
                + " level Enum8('low' = 1, 'high' = 2), flag UInt8, raw String) ENGINE = MergeTree ORDER BY id");
        Map<String, Object> route = route(table);
        route.put("field_mappings", List.of(
                Map.of("json_path", "id", "column", "id"),
                Map.of("json_path", "order.amount", "column", "amount"),
                Map.of("json_path", "order.ratio", "column", "ratio"),
                Map.of("json_path", "order.small", "column", "small"),
                Map.of("json_path", "user.name", "column", "name"),
                Map.of("json_path", "user.nick", "column", "nick"),
                Map.of("json_path", "at", "column", "at"),
                Map.of("json_path", "day", "column", "day"),
                Map.of("json_path", "tags", "column", "tags"),
                Map.of("json_path", "uid", "column", "uid"),
                Map.of("json_path", "level", "column", "level"),
                Map.of("json_path", "flag", "column", "flag"),
                Map.of("json_path", "order", "column", "raw")));
        ClickHouseSink sink = start(route);

        sink.processBatch(List.of(
                record(1, "{\"id\":1,\"order\":{\"amount\":12.5,\"ratio\":0.25,\"small\":-128},"
                        + "\"user\":{\"name\":\"Ann\",\"nick\":\"a\"},\"at\":\"2024-05-01T12:00:00+02:00\","
                        + "\"day\":\"2024-05-01\",\"tags\":[1,2,3],\"uid\":\"123E4567-E89B-12D3-A456-426614174000\","
                        + "\"level\":\"high\",\"flag\":true}"),
                record(2, "{\"id\":\"18446744073709551615\",\"order\":{\"amount\":\"-9999999.99\",\"ratio\":1e3,"
                        + "\"small\":127},\"user\":{\"name\":\"Bob\"},\"at\":1700000000,\"day\":\"2024-05-01T23:30:00Z\","
                        + "\"tags\":[],\"uid\":\"00000000-0000-0000-0000-000000000001\",\"level\":1,\"flag\":0}")));
        assertThat(LocalClickHouse.number("SELECT count() FROM default." + table)).as("nothing before flush")
                .isZero();
        sink.flush();

        List<JsonNode> rows = rows("SELECT toString(id) AS id, toString(amount) AS amount, ratio, small, name, nick,"
                + " toUnixTimestamp(at) AS at, toString(day) AS day, tags, toString(uid) AS uid, toString(level) AS"
                + " level, flag, raw FROM default." + table + " ORDER BY id");
        assertThat(rows).hasSize(2);
        JsonNode first = rows.get(0);
        assertThat(first.get("id").asText()).isEqualTo("1");
        assertThat(first.get("amount").asText()).isEqualTo("12.50");
        assertThat(first.get("ratio").asDouble()).isEqualTo(0.25);
        assertThat(first.get("small").asInt()).isEqualTo(-128);
        assertThat(first.get("nick").asText()).isEqualTo("a");
        assertThat(first.get("at").asLong()).isEqualTo(1714557600L); // 10:00 UTC
        assertThat(first.get("tags").toString()).isEqualTo("[1,2,3]");
        assertThat(first.get("uid").asText()).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(first.get("level").asText()).isEqualTo("high");
        assertThat(first.get("flag").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(first.get("raw").asText())).isEqualTo(JSON.readTree(
                "{\"amount\":12.5,\"ratio\":0.25,\"small\":-128}"));
        JsonNode second = rows.get(1);
        assertThat(second.get("id").asText()).isEqualTo("18446744073709551615");
        assertThat(second.get("amount").asText()).isEqualTo("-9999999.99");
        assertThat(second.get("nick").isNull()).isTrue();
        assertThat(second.get("at").asLong()).isEqualTo(1700000000L);
        assertThat(second.get("day").asText()).isEqualTo("2024-05-01");
        assertThat(second.get("level").asText()).isEqualTo("low");
    }

    @Test
    void withoutMappingsThePayloadFieldsAreMatchedByColumnName() throws IOException {
        String table = table("ch_byname", "(id UInt32, name String, note Nullable(String), score Float32 DEFAULT 1.5,"
                + " upper String MATERIALIZED upper(name)) ENGINE = MergeTree ORDER BY id");
        ClickHouseSink sink = start(route(table));
        sink.processBatch(List.of(record(1, "{\"id\":1,\"name\":\"x\",\"note\":\"n\",\"score\":2,\"ignored\":true}"),
                record(2, "{\"id\":2,\"name\":\"y\"}")));
        sink.flush();

        assertThat(rows("SELECT id, name, note, score, upper FROM default." + table + " ORDER BY id"))
                .extracting(JsonNode::toString).containsExactly(
                        "{\"id\":1,\"name\":\"x\",\"note\":\"n\",\"score\":2,\"upper\":\"X\"}",
                        // 18.16 fills an omitted DEFAULT column with the type's default, not the expression
                        "{\"id\":2,\"name\":\"y\",\"note\":null,\"score\":0,\"upper\":\"Y\"}");
    }

    @Test
    void aValueTheColumnCannotHoldIsInvalidDataNamingRouteColumnAndMessage() {
        String table = table("ch_invalid", "(id UInt64, small Int32, amount Decimal(9, 2), name String)"
                + " ENGINE = MergeTree ORDER BY id");
        ClickHouseSink sink = start(route(table));
        String label = TOPIC + " → default." + table;

        assertThatThrownBy(() -> sink.processBatch(List.of(record(1, "{\"id\":1,\"small\":1,\"amount\":1,"
                + "\"name\":\"a\"}"), record(2, "{\"id\":2,\"small\":99999999999,\"amount\":1,\"name\":\"b\"}"))))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("clickhouse route " + label + ": column 'small' (Int32): 99999999999 does not fit Int32"
                        + " (-2147483648 to 2147483647) (message " + TOPIC + "@2/7)");
        assertThatThrownBy(() -> sink.processBatch(List.of(record(3, "{\"id\":3,\"small\":1,\"amount\":1.005,"
                + "\"name\":\"c\"}"))))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("column 'amount' (Decimal(9, 2)): 1.005 has 3 decimal places");
        assertThatThrownBy(() -> sink.processBatch(List.of(record(4, "{\"id\":4,\"amount\":1,\"name\":\"d\"}"))))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("column 'small' (Int32): nothing at payload field 'small', and the column is"
                        + " not Nullable and has no DEFAULT");
        assertThatThrownBy(() -> sink.processBatch(List.of(record(5, "[1,2]"))))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("the payload is not a JSON object (array)");

        // what was handed over before the bad record is dropped with it: the runtime hands everything over again
        sink.processBatch(List.of(record(6, "{\"id\":6,\"small\":6,\"amount\":6,\"name\":\"f\"}")));
        sink.flush();
        assertThat(LocalClickHouse.query("SELECT groupArray(id) FROM default." + table).trim()).isEqualTo("[6]");
    }

    @Test
    void aValueOnlyTheServerChecksIsInvalidDataFromTheInsert() {
        String table = table("ch_server_check", "(id UInt64, pair Tuple(UInt8, String))"
                + " ENGINE = MergeTree ORDER BY id");
        ClickHouseSink sink = start(route(table));
        sink.processBatch(List.of(record(1, "{\"id\":1,\"pair\":\"not a tuple\"}")));
        assertThatThrownBy(sink::flush).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("clickhouse route " + TOPIC + " → default." + table)
                .hasMessageContaining("Code: 27")
                .hasMessageContaining("(message " + TOPIC + "@1/7)");
        sink.processBatch(List.of(record(2, "{\"id\":2,\"pair\":[7,\"ok\"]}")));
        sink.flush();
        assertThat(LocalClickHouse.query("SELECT id, pair FROM default." + table + " FORMAT TSV").trim())
                .isEqualTo("2\t(7,'ok')");
    }

    @Test
    void aMissingTableThatMayNotBeCreatedStopsTheStartNamingRouteAndTable() {
        String table = table("ch_missing", null);
        assertThatThrownBy(() -> start(route(table)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("clickhouse route " + TOPIC + " → default." + table + ": table default." + table
                        + " does not exist; create it, or set create_table = true with field_mappings that give each"
                        + " column's data_type");
    }

    @Test
    void aMappedColumnTheTableLacksStopsTheStart() {
        String table = table("ch_nocol", "(id UInt64) ENGINE = MergeTree ORDER BY id");
        Map<String, Object> route = route(table);
        route.put("field_mappings", List.of(Map.of("json_path", "a.b", "column", "amount")));
        assertThatThrownBy(() -> start(route)).isInstanceOf(ConfigurationException.class)
                .hasMessage("clickhouse route " + TOPIC + " → default." + table + ": table default." + table
                        + " has no column 'amount' (field_mappings maps json path 'a.b' to it); its columns: id");
    }

    @Test
    void createTableMakesAReplacingMergeTreeThatKeepsOneRowPerRedeliveredMessage() {
        String table = table("ch_created", null);
        Map<String, Object> route = route(table);
        route.put("create_table", true);
        route.put("include_danube_metadata", true);
        route.put("field_mappings", List.of(Map.of("json_path", "id", "column", "id", "data_type", "UInt64"),
                Map.of("json_path", "v", "column", "v", "data_type", "Nullable(String)")));
        ClickHouseSink sink = start(route);
        assertThat(LocalClickHouse.query("SELECT engine, sorting_key FROM system.tables WHERE database = 'default'"
                + " AND name = '" + table + "' FORMAT TSV").trim())
                .isEqualTo("ReplacingMergeTree\t_danube_topic, _danube_offset, _danube_publish_time");

        List<SinkRecord> batch = IntStream.range(0, 50).mapToObj(i -> record(i, "{\"id\":" + i + ",\"v\":\"x\"}"))
                .toList();
        sink.processBatch(batch);
        sink.flush();
        // a crash after the INSERT and before the acks: the broker hands the same messages over again
        sink.processBatch(batch);
        sink.flush();

        String from = " FROM default." + table;
        assertThat(LocalClickHouse.number("SELECT count()" + from)).as("stored twice").isEqualTo(100);
        assertThat(LocalClickHouse.number("SELECT count()" + from + " FINAL")).as("read with FINAL").isEqualTo(50);
        LocalClickHouse.query("OPTIMIZE TABLE default." + table + " FINAL");
        assertThat(LocalClickHouse.number("SELECT count()" + from)).as("after the merge").isEqualTo(50);
        assertThat(LocalClickHouse.query("SELECT _danube_topic, _danube_offset, _danube_publish_time,"
                + " _danube_producer" + from + " WHERE id = 7 FORMAT TSV").trim())
                .isEqualTo(TOPIC + "\t7\t1700000000007\tproducer-a");
    }

    @Test
    void aPlainMergeTreeKeepsARedeliveredBatchTwiceBecause1816IgnoresNoTokenItCannotTake() {
        String table = table("ch_plain", "(id UInt64) ENGINE = MergeTree ORDER BY id");
        ClickHouseSink sink = start(route(table));
        List<SinkRecord> batch = List.of(record(1, "{\"id\":1}"), record(2, "{\"id\":2}"));
        sink.processBatch(batch);
        sink.flush();
        sink.processBatch(batch);
        sink.flush();
        assertThat(LocalClickHouse.number("SELECT count() FROM default." + table)).isEqualTo(4);
        assertThat(LocalClickHouse.number("SELECT count() FROM system.settings WHERE name ="
                + " 'insert_deduplication_token'")).as("18.16 has no such setting").isZero();
    }

    @Test
    void aDeduplicationTokenTheServerDoesNotKnowIsRefusedAtStartWhenRequired() {
        String table = table("ch_token", "(id UInt64) ENGINE = MergeTree ORDER BY id");
        assertThatThrownBy(() -> start(route(table), Map.of("deduplication_token", "always")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("clickhouse.deduplication_token: ClickHouse 18.16")
                .hasMessageContaining("does not know insert_deduplication_token");
    }

    @Test
    void aWrongPasswordIsAConfigurationErrorAndAnUnreachableServerIsFatal() {
        String table = table("ch_login", "(id UInt64) ENGINE = MergeTree ORDER BY id");
        assertThatThrownBy(() -> start(route(table), Map.of("password", "not-the-password")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("clickhouse.username / clickhouse.password: ClickHouse at "
                        + LocalClickHouse.URL + " refused the login of 'default'")
                .hasMessageNotContaining("not-the-password");
        assertThatThrownBy(() -> start(route(table), Map.of("url", "http://127.0.0.1:1", "connect_timeout_ms", 500)))
                .isInstanceOf(FatalException.class)
                .hasMessageStartingWith("cannot reach ClickHouse at http://127.0.0.1:1 (clickhouse.url)");
    }
}
