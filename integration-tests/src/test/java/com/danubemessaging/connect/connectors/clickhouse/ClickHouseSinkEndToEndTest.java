package com.danubemessaging.connect.connectors.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.OutgoingMessage;
import com.danubemessaging.connect.client.Producer;
import com.danubemessaging.connect.connectors.ExampleToml;
import com.danubemessaging.connect.connectors.RecordIds;
import com.danubemessaging.connect.connectors.file.RunningConnector;
import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.runtime.RuntimeHarness;
import com.danubemessaging.connect.runtime.deadletter.DeadLetterPublisher;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.TcpProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sink-clickhouse as the runnable runs it: found by id, configured from the example connector.toml (its [retry] and
 * [processing] settings), fed by the testkit broker, writing to the real ClickHouse server of this machine.
 */
class ClickHouseSinkEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private DanubeTestBroker broker;
    private DanubeClient client;
    private final List<RuntimeHarness> running = new ArrayList<>();
    private final List<String> tables = new ArrayList<>();

    @BeforeEach
    void start() {
        LocalClickHouse.require();
        broker = DanubeTestBroker.builder().build().start();
        client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).build();
    }

    @AfterEach
    void stop() {
        running.forEach(RuntimeHarness::close);
        client.close();
        broker.close();
        tables.forEach(LocalClickHouse::drop);
    }

    /** The example, pointed at this test's broker, ClickHouse address, topic and table. */
    private RuntimeHarness startSink(String name, String topic, String table, String clickhouseUrl,
                                     String deadLetterTopic) {
        tables.add(table);
        Map<String, String> replace = new HashMap<>(Map.of(
                "danube_service_url = \"http://localhost:6650\"", "danube_service_url = \"" + broker.serviceUrl() + "\"",
                "connector_name = \"clickhouse-sink\"", "connector_name = \"" + name + "\"",
                "metrics_port = 9090", "metrics_port = 0",
                "url = \"http://localhost:8123\"", "url = \"" + clickhouseUrl + "\"",
                "from = \"/default/orders\"", "from = \"" + topic + "\"",
                "to = \"orders\"", "to = \"" + table + "\""));
        if (deadLetterTopic != null) {
            replace.put("# dead_letter_topic = \"/default/clickhouse-dead-letters\"",
                    "dead_letter_topic = \"" + deadLetterTopic + "\"");
        }
        String toml = ExampleToml.load("clickhouse", "sink-clickhouse.toml", replace);
        // Danube starts a new subscription at the latest message: the topic must exist and the sink be subscribed
        // before anything is published (danube-facts §9.6)
        broker.createTopic(topic, DispatchStrategy.Reliable);
        RuntimeHarness sink = RunningConnector.start("sink-clickhouse", toml, dir);
        running.add(sink);
        await().atMost(WAIT).until(() -> sink.ready() && !broker.activeConsumers(topic, "clickhouse-sink").isEmpty());
        return sink;
    }

    private static String order(long id) {
        return "{\"order_id\":" + id + ",\"customer\":{\"name\":\"c-" + id + "\"},\"amount\":\"" + id + ".25\","
                + "\"created_at\":\"2024-05-01T10:00:00Z\",\"note\":" + (id % 2 == 0 ? "null" : "\"n" + id + "\"")
                + "}";
    }

    private void publish(Producer producer, List<String> payloads) {
        payloads.forEach(p -> producer.sendAsync(OutgoingMessage.of(p.getBytes(StandardCharsets.UTF_8))));
        producer.flush();
    }

    private static List<String> orders(long from, long to) {
        return LongStream.range(from, to).mapToObj(ClickHouseSinkEndToEndTest::order).toList();
    }

    private static Set<Long> ids(String table) {
        String body = LocalClickHouse.query("SELECT DISTINCT order_id FROM default." + table + " FORMAT TSV");
        return Arrays.stream(body.split("\n")).filter(s -> !s.isBlank()).map(Long::parseLong)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void badRecordsInABatchAreIsolatedAndEveryOtherRowLandsWithItsTypes() {
        String topic = "/default/ch-e2e-bad";
        String dlq = "/default/ch-e2e-bad-dlq";
        String table = LocalClickHouse.uniqueTable("ch_e2e_bad");
        RuntimeHarness sink = startSink("ch-e2e-bad", topic, table, LocalClickHouse.URL, dlq);

        List<String> payloads = new ArrayList<>(orders(0, 300));
        payloads.set(100, payloads.get(100).replace("\"100.25\"", "\"100.255\""));   // 3 decimals for Decimal(12, 2)
        payloads.set(200, payloads.get(200).replace("2024-05-01T10:00:00Z", "yesterday"));
        try (Producer producer = client.newProducer().topic(topic).name("orders").reliable(true).create()) {
            publish(producer, payloads);
        }

        await().atMost(WAIT).until(() -> ids(table).size() == 298 && broker.messageCount(dlq) == 2);
        assertThat(ids(table)).isEqualTo(RecordIds.range(0, 300, 100L, 200L));
        assertThat(broker.messages(dlq)).extracting(m -> m.getPayload().toStringUtf8())
                .containsExactlyInAnyOrder(payloads.get(100), payloads.get(200));
        assertThat(broker.messages(dlq)).extracting(m -> m.getAttributesMap().get(DeadLetterPublisher.ATTR_REASON))
                .anySatisfy(reason -> assertThat(reason).contains("column 'amount' (Decimal(12, 2)): 100.255 has 3"
                        + " decimal places"))
                .anySatisfy(reason -> assertThat(reason).contains("column 'created_at' (DateTime): \"yesterday\""));
        assertThat(sink.counter("danube.connector.messages.failed", topic, "invalid_data")).isEqualTo(2);
        await().atMost(WAIT).until(() -> broker.ackedCount(topic, "clickhouse-sink") == 300);
        assertThat(LocalClickHouse.query("SELECT order_id, customer, toString(amount), toUnixTimestamp(created_at),"
                + " note FROM default." + table + " WHERE order_id IN (7, 8) ORDER BY order_id FORMAT TSV"))
                .isEqualTo("7\tc-7\t7.25\t1714557600\tn7\n8\tc-8\t8.25\t1714557600\t\\N\n");
    }

    @Test
    void clickHouseUnreachableForThirtySecondsStillGetsEveryRow() throws Exception {
        String topic = "/default/ch-e2e-outage";
        String table = LocalClickHouse.uniqueTable("ch_e2e_outage");
        try (TcpProxy proxy = TcpProxy.start(LocalClickHouse.HOST, LocalClickHouse.PORT)) {
            RuntimeHarness sink = startSink("ch-e2e-outage", topic, table, "http://127.0.0.1:" + proxy.port(), null);
            Producer producer = client.newProducer().topic(topic).name("orders").reliable(true).create();

            publish(producer, orders(0, 400));
            await().atMost(WAIT).until(() -> ids(table).size() == 400);

            proxy.cut();
            long cutAt = System.nanoTime();
            publish(producer, orders(400, 1000));
            int landedAtCut = ids(table).size();
            Thread.sleep(Duration.ofSeconds(30).toMillis());
            assertThat(ids(table)).as("nothing reaches ClickHouse while it is unreachable").hasSize(landedAtCut);
            assertThat(sink.exited()).as("the sink keeps retrying instead of stopping").isFalse();
            proxy.restore();
            long outageMs = Duration.ofNanos(System.nanoTime() - cutAt).toMillis();
            publish(producer, orders(1000, 1200));

            await().atMost(WAIT).until(() -> ids(table).size() == 1200);
            assertThat(landedAtCut).as("the outage hit mid-stream").isLessThan(1200);
            assertThat(ids(table)).isEqualTo(RecordIds.range(0, 1200));
            assertThat(sink.counter("danube.connector.messages.retried", topic, null)).isPositive();
            await().atMost(WAIT).until(() -> broker.ackedCount(topic, "clickhouse-sink") == 1200);
            long stored = LocalClickHouse.number("SELECT count() FROM default." + table);
            long afterFinal = LocalClickHouse.number("SELECT count() FROM default." + table + " FINAL");
            assertThat(afterFinal).isEqualTo(1200);
            System.out.printf("ClickHouse outage: unreachable for %d ms with %d of 1200 rows written; afterwards all"
                    + " 1200 written, %d rows stored, %d with FINAL, 0 lost%n", outageMs, landedAtCut, stored,
                    afterFinal);
        }
    }
}
