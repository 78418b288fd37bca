package com.danubemessaging.connect.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.testkit.TcpProxy;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** sink-jdbc against the PostgreSQL and MariaDB of this machine, called as the runtime calls it. */
class JdbcSinkTest {
    static final String TOPIC = "/default/orders";

    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void clean() {
        cleanup.forEach(Runnable::run);
    }

    /** A fresh table name, dropped after the test. */
    private String table(TestDatabase db, String prefix) {
        String table = TestDatabase.uniqueTable(prefix);
        cleanup.add(() -> db.dropTable(table));
        return table;
    }

    static Map<String, Object> orderRoute(String table) {
        return new HashMap<>(Map.of("from", TOPIC, "subscription", "orders-to-db", "to", table,
                "key_columns", List.of("id"), "create_table", true,
                "field_mappings", List.of(
                        Map.of("column", "id", "json_path", "id", "data_type", "bigint"),
                        Map.of("column", "amount", "json_path", "amount", "data_type", "numeric"),
                        Map.of("column", "customer", "json_path", "customer.name"))));
    }

    private JdbcSink start(TestDatabase db, List<Map<String, Object>> routes) {
        return start(db, db.url(), routes, Map.of());
    }

    private JdbcSink start(TestDatabase db, String url, List<Map<String, Object>> routes, Map<String, String> env) {
        Map<String, Object> table = new HashMap<>(Map.of("url", url, "username", db.user(), "routes", routes,
                "connection_timeout_ms", 2000));
        JdbcSink sink = new JdbcSink(config -> JdbcSinkSettings.from(config, env));
        sink.initialize(config(table));
        cleanup.add(0, sink::shutdown);
        return sink;
    }

    static ConnectorConfig config(Map<String, Object> table) {
        return ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("jdbc-sink")
                .table("jdbc", table).build();
    }

    static SinkRecord order(long id, String amount) {
        String json = "{\"id\":" + id + ",\"amount\":" + amount + ",\"customer\":{\"name\":\"c" + id + "\"}}";
        return SinkRecord.builder(TOPIC, json.getBytes(StandardCharsets.UTF_8))
                .messageId(TOPIC + "@" + id + "/1").offset(id).publishTimeMillis(1_700_000_000_000L + id).build();
    }

    static List<SinkRecord> orders(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> order(i, i + ".5")).toList();
    }

    private static void deliver(JdbcSink sink, List<SinkRecord> batch) {
        sink.processBatch(batch);
        sink.flush();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void rowsLandOnlyWhenFlushCommits(TestDatabase db) {
        db.requireRunning();
        String table = table(db, "orders");
        JdbcSink sink = start(db, List.of(orderRoute(table)));

        sink.processBatch(orders(0, 50));
        assertThat(db.longs("SELECT COUNT(*) FROM " + table)).as("nothing is written before flush").containsExactly(0L);
        sink.flush();

        assertThat(db.longs("SELECT id FROM " + table + " ORDER BY id")).containsExactlyElementsOf(
                LongStream.range(0, 50).boxed().toList());
        Map<String, Object> row = db.query("SELECT amount, customer FROM " + table + " WHERE id = 7").get(0);
        assertThat((BigDecimal) row.get("amount")).isEqualByComparingTo("7.5");
        assertThat(row.get("customer")).isEqualTo("c7");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aRedeliveredBatchLeavesOneRowPerKeyWithTheLatestValues(TestDatabase db) {
        db.requireRunning();
        String table = table(db, "orders");
        JdbcSink sink = start(db, List.of(orderRoute(table)));

        deliver(sink, orders(0, 100));
        deliver(sink, orders(0, 100));
        deliver(sink, orders(50, 150));
        // the same key twice in one batch: the later message wins
        deliver(sink, List.of(order(3, "1"), order(3, "2"), order(3, "3")));

        assertThat(db.longs("SELECT id FROM " + table + " ORDER BY id"))
                .containsExactlyElementsOf(LongStream.range(0, 150).boxed().toList());
        assertThat((BigDecimal) db.query("SELECT amount FROM " + table + " WHERE id = 3").get(0).get("amount"))
                .isEqualByComparingTo("3");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aConstraintViolationIsInvalidDataForThatRecordAndTheRestLand(TestDatabase db) {
        db.requireRunning();
        String table = table(db, "orders");
        db.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, amount NUMERIC(10,2) NOT NULL"
                + " CHECK (amount >= 0), customer VARCHAR(50))");
        Map<String, Object> route = orderRoute(table);
        route.remove("create_table");
        JdbcSink sink = start(db, List.of(route));
        List<SinkRecord> batch = new ArrayList<>(orders(0, 30));
        batch.set(20, order(20, "-1"));

        sink.processBatch(batch);
        assertThatThrownBy(sink::flush).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("SQLSTATE 23");
        assertThat(db.longs("SELECT COUNT(*) FROM " + table)).as("the batch was rolled back").containsExactly(0L);

        // what the runtime does with InvalidData from a batch: each record again on its own
        List<String> invalid = new ArrayList<>();
        for (SinkRecord r : batch) {
            try {
                deliver(sink, List.of(r));
            } catch (InvalidDataException e) {
                invalid.add(new String(e.payload(), StandardCharsets.UTF_8));
            }
        }
        assertThat(invalid).containsExactly(new String(order(20, "-1").payload(), StandardCharsets.UTF_8));
        assertThat(db.longs("SELECT id FROM " + table + " ORDER BY id")).containsExactlyElementsOf(
                LongStream.range(0, 30).filter(i -> i != 20).boxed().toList());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void oneTransactionPerBatchAcrossRoutes(TestDatabase db) {
        db.requireRunning();
        String orders = table(db, "orders");
        String audit = table(db, "audit");
        db.execute("CREATE TABLE " + audit + " (msg VARCHAR(200) PRIMARY KEY, note VARCHAR(3))");
        Map<String, Object> auditRoute = Map.of("from", "/default/audit", "subscription", "a", "to", audit,
                "field_mappings", List.of(Map.of("column", "msg", "metadata", "message_id"),
                        Map.of("column", "note", "json_path", "note")));
        JdbcSink sink = start(db, List.of(orderRoute(orders), auditRoute));
        SinkRecord tooLong = SinkRecord.builder("/default/audit", "{\"note\":\"far too long\"}"
                .getBytes(StandardCharsets.UTF_8)).messageId("/default/audit@0/1").build();

        sink.processBatch(orders(0, 10));
        sink.processBatch(List.of(tooLong));
        assertThatThrownBy(sink::flush).isInstanceOf(InvalidDataException.class);

        assertThat(db.longs("SELECT COUNT(*) FROM " + orders)).as("the orders of the failed batch were rolled back")
                .containsExactly(0L);
        deliver(sink, orders(0, 10));
        assertThat(db.longs("SELECT COUNT(*) FROM " + orders)).containsExactly(10L);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void everyDataTypeMetadataAndTheWholePayloadInOneJsonColumn(TestDatabase db) throws Exception {
        db.requireRunning();
        String table = table(db, "typed");
        Map<String, Object> route = Map.of("from", TOPIC, "subscription", "s", "to", table, "create_table", true,
                "key_columns", List.of("message_id"), "payload_column", "doc",
                "field_mappings", List.of(
                        Map.of("column", "message_id", "metadata", "message_id"),
                        Map.of("column", "n_int", "json_path", "$.n", "data_type", "integer"),
                        Map.of("column", "n_big", "json_path", "big", "data_type", "Int64"),
                        Map.of("column", "ratio", "json_path", "ratio", "data_type", "double"),
                        Map.of("column", "ok", "json_path", "flags[1]", "data_type", "boolean"),
                        Map.of("column", "at", "json_path", "at", "data_type", "timestamp"),
                        Map.of("column", "published", "metadata", "publish_time", "data_type", "timestamp"),
                        Map.of("column", "day", "json_path", "day", "data_type", "date"),
                        Map.of("column", "blob", "json_path", "blob", "data_type", "bytes"),
                        Map.of("column", "origin", "metadata", "attributes.origin"),
                        Map.of("column", "missing", "json_path", "not.there")));
        JdbcSink sink = start(db, List.of(route));
        String json = "{\"n\":\"42\",\"big\":9007199254740993,\"ratio\":0.25,\"flags\":[false,true],"
                + "\"at\":\"2026-11-28T10:15:30.123+01:00\",\"day\":\"2026-11-28\",\"blob\":\"AAEC\"}";
        deliver(sink, List.of(SinkRecord.builder(TOPIC, json.getBytes(StandardCharsets.UTF_8))
                .messageId("m-1").publishTimeMillis(1_700_000_000_123L).attributes(Map.of("origin", "lab")).build()));

        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT * FROM " + table);
             ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).isTrue();
            Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            assertThat(rs.getString("message_id")).isEqualTo("m-1");
            assertThat(rs.getInt("n_int")).isEqualTo(42);
            assertThat(rs.getLong("n_big")).isEqualTo(9007199254740993L);
            assertThat(rs.getDouble("ratio")).isEqualTo(0.25);
            assertThat(rs.getBoolean("ok")).isTrue();
            assertThat(rs.getTimestamp("at", utc).toInstant()).isEqualTo(Instant.parse("2026-11-28T09:15:30.123Z"));
            assertThat(rs.getTimestamp("published", utc)).isEqualTo(Timestamp.from(
                    Instant.ofEpochMilli(1_700_000_000_123L)));
            assertThat(rs.getDate("day").toString()).isEqualTo("2026-11-28");
            assertThat(rs.getBytes("blob")).containsExactly(0, 1, 2);
            assertThat(rs.getString("origin")).isEqualTo("lab");
            assertThat(rs.getString("missing")).isNull();
            assertThat(rs.getString("doc")).contains("\"ratio\"").contains("0.25").contains("9007199254740993");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void aMessageThatCannotBeMappedIsInvalidDataNamingTheColumn(TestDatabase db) {
        db.requireRunning();
        String table = table(db, "orders");
        JdbcSink sink = start(db, List.of(orderRoute(table)));

        assertThatThrownBy(() -> sink.processBatch(List.of(order(1, "\"lots\""))))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("column amount from json_path 'amount'")
                .hasMessageContaining("is not a number");
        assertThatThrownBy(() -> sink.processBatch(List.of(SinkRecord.builder(TOPIC,
                "{\"amount\":1}".getBytes(StandardCharsets.UTF_8)).build())))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("column id from json_path 'id': no value (the column is not nullable)");
        assertThatThrownBy(() -> sink.processBatch(List.of(order(1, "1"), order(2, "1.5e999999999999"))))
                .isInstanceOf(InvalidDataException.class);
        sink.flush();
        assertThat(db.longs("SELECT COUNT(*) FROM " + table)).as("a failed processBatch holds none of its records")
                .containsExactly(0L);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void anUnreachableDatabaseIsRetryableAndTheRowsLandOnceItIsBack(TestDatabase db) throws Exception {
        db.requireRunning();
        String table = table(db, "orders");
        try (TcpProxy proxy = TcpProxy.start("127.0.0.1", db.port())) {
            JdbcSink sink = start(db, db.url(proxy.port()), List.of(orderRoute(table)), Map.of());
            deliver(sink, orders(0, 10));
            proxy.cut();

            sink.processBatch(orders(10, 20));
            assertThatThrownBy(sink::flush).isInstanceOf(RetryableException.class)
                    .hasMessageContaining("writing 10 row(s)");
            assertThatThrownBy(sink::healthCheck).isInstanceOf(RetryableException.class);

            proxy.restore();
            // as the runtime does: hand the batch over again until a flush succeeds (the pool may still report a
            // connection attempt that the cut proxy dropped)
            await().atMost(Duration.ofSeconds(30)).ignoreException(RetryableException.class)
                    .untilAsserted(() -> deliver(sink, orders(10, 20)));
            sink.healthCheck();
            assertThat(db.longs("SELECT COUNT(*) FROM " + table)).containsExactly(20L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TestDatabase.class)
    void plainInsertsAppendAndADuplicateKeyIsInvalidData(TestDatabase db) {
        db.requireRunning();
        String table = table(db, "events");
        db.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, amount NUMERIC(10,2), customer TEXT)");
        Map<String, Object> route = orderRoute(table);
        route.put("insert_mode", "insert");
        route.remove("create_table");
        JdbcSink sink = start(db, List.of(route));

        deliver(sink, orders(0, 5));
        sink.processBatch(List.of(order(4, "1")));
        assertThatThrownBy(sink::flush).isInstanceOf(InvalidDataException.class).hasMessageContaining("SQLSTATE 23");
        assertThat(db.longs("SELECT COUNT(*) FROM " + table)).containsExactly(5L);
    }
}
