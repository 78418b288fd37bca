package com.danubemessaging.connect.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.OutgoingMessage;
import com.danubemessaging.connect.client.Producer;
import com.danubemessaging.connect.connectors.AckWatch;
import com.danubemessaging.connect.connectors.file.RunningConnector;
import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.runtime.RuntimeHarness;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.TcpProxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sink-jdbc through the real sink runtime (found by its id, configured from TOML) between the testkit broker and
 * the PostgreSQL and MariaDB of this machine. The database servers are shared with other test runs, so an outage
 * is played by a {@link TcpProxy} in front of PostgreSQL that only this connector uses.
 */
class JdbcSinkEndToEndTest {

    @TempDir
    Path dir;

    private final DanubeTestBroker broker = DanubeTestBroker.builder().maxUnackedMessages(1000).build().start();
    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void stop() {
        cleanup.forEach(Runnable::run);
        broker.close();
    }

    private String toml(String name, String url, String topic, String subscription, String table, String extra) {
        return """
                danube_service_url = "%s"
                connector_name = "%s"

                [retry]
                max_retries = 3
                retry_backoff_ms = 200
                max_backoff_ms = 2000

                [processing]
                batch_size = 500
                batch_timeout_ms = 100
                metrics_port = 0
                %s

                [jdbc]
                url = "%s"
                username = "${env:JDBC_TEST_USER:-postgres}"
                connection_timeout_ms = 2000

                [[jdbc.routes]]
                from = "%s"
                subscription = "%s"
                to = "%s"
                create_table = true
                key_columns = ["id"]
                field_mappings = [
                  { column = "id", json_path = "id", data_type = "bigint" },
                  { column = "amount", json_path = "amount", data_type = "numeric" },
                ]
                payload_column = "doc"
                """.formatted(broker.serviceUrl(), name, extra, url, topic, subscription, table);
    }

    private RuntimeHarness startSink(String toml, String topic, String subscription) {
        RuntimeHarness sink = RunningConnector.start("sink-jdbc", toml, dir);
        cleanup.add(0, sink::close);
        await().atMost(Duration.ofSeconds(30)).until(() -> sink.ready()
                && !broker.activeConsumers(topic, subscription).isEmpty());
        return sink;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] order(long id, String amount) {
        return ("{\"id\":" + id + ",\"amount\":" + amount + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void postgresUnreachableFor30SecondsEndsWithEveryRowWrittenAndNothingAckedEarly() throws Exception {
        TestDatabase db = TestDatabase.POSTGRESQL.requireRunning();
        String table = TestDatabase.uniqueTable("e2e_orders");
        cleanup.add(() -> db.dropTable(table));
        String topic = "/default/jdbc-outage";
        String subscription = "jdbc-outage";
        int total = 3000;
        broker.createTopic(topic, DispatchStrategy.Reliable);
        TcpProxy proxy = TcpProxy.start("127.0.0.1", db.port());
        cleanup.add(proxy::close);
        // health checks fail while the database is away; 6 failures 10 s apart would be fatal, 30 s are not
        RuntimeHarness sink = startSink(toml("jdbc-outage", db.url(proxy.port()), topic, subscription, table,
                "health_check_interval_ms = 10000\nhealth_check_failure_threshold = 6"), topic, subscription);
        String count = "SELECT COUNT(*) FROM " + table;

        try (DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).build();
             Producer producer = client.newProducer().topic(topic).name("orders").reliable(true).create();
             AckWatch acks = new AckWatch(broker, topic, subscription, () -> db.longs(count).get(0))) {
            // a steady stream over about 10 s, so that the outage starts while batches are being written
            Thread publisher = new Thread(() -> {
                for (long id = 0; id < total; id++) {
                    producer.sendAsync(OutgoingMessage.of(order(id, id + ".25")));
                    if (id % 30 == 29) {
                        producer.flush();
                        sleep(100);
                    }
                }
                producer.flush();
            }, "publisher");
            publisher.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> db.longs(count).get(0) >= 500);

            proxy.cut();
            long rowsAtCut = db.longs(count).get(0);
            long cutAt = System.nanoTime();
            publisher.join(Duration.ofSeconds(25).toMillis());
            assertThat(publisher.isAlive()).as("all messages published during the outage").isFalse();
            Thread.sleep(5_000);
            assertThat(sink.ready()).as("not ready after max_retries failed writes").isFalse();
            long rowsInOutage = db.longs(count).get(0);
            long ackedInOutage = broker.ackedCount(topic, subscription);
            Thread.sleep(Math.max(0, Duration.ofSeconds(30).toMillis() - (System.nanoTime() - cutAt) / 1_000_000));
            assertThat(db.longs(count).get(0)).as("nothing was written while the database was away")
                    .isEqualTo(rowsInOutage);
            assertThat(broker.ackedCount(topic, subscription)).as("nothing was acked while the database was away")
                    .isEqualTo(ackedInOutage).isLessThanOrEqualTo(rowsInOutage);
            proxy.restore();

            await().atMost(Duration.ofSeconds(90)).until(() -> broker.ackedCount(topic, subscription) == total);
            await().atMost(Duration.ofSeconds(10)).until(sink::ready);
            assertThat(db.longs("SELECT id FROM " + table + " ORDER BY id")).as("every row, once")
                    .containsExactlyElementsOf(LongStream.range(0, total).boxed().toList());
            assertThat(acks.violations()).as("no message acked before its row was committed").isEmpty();
            assertThat(rowsAtCut).as("the outage hit the middle of the stream").isLessThan(total);
            assertThat(sink.counter("danube.connector.messages.retried", topic, null)).isPositive();
            System.out.printf("jdbc e2e: %d messages, %d rows when PostgreSQL went away for 30 s, %d rows during "
                            + "the outage, %d rows after it, %d ack samples, 0 acked early%n", total, rowsAtCut,
                    rowsInOutage, db.longs(count).get(0), acks.samples());
        }
    }

    @Test
    void mariadbConstraintViolationsGoToTheDeadLetterTopicAndTheRestLand() throws Exception {
        TestDatabase db = TestDatabase.MARIADB.requireRunning();
        String table = TestDatabase.uniqueTable("e2e_checked");
        cleanup.add(() -> db.dropTable(table));
        db.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, amount DECIMAL(10,2) NOT NULL"
                + " CHECK (amount >= 0), doc JSON)");
        String topic = "/default/jdbc-invalid";
        String subscription = "jdbc-invalid";
        String deadLetters = "/default/jdbc-invalid-dlq";
        int total = 400;
        broker.createTopic(topic, DispatchStrategy.Reliable);
        RuntimeHarness sink = startSink(toml("jdbc-invalid", db.url(), topic, subscription, table,
                "dead_letter_topic = \"" + deadLetters + "\"").replace("create_table = true", "create_table = false")
                .replace("${env:JDBC_TEST_USER:-postgres}", db.user()), topic, subscription);

        try (DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).build();
             Producer producer = client.newProducer().topic(topic).name("orders").reliable(true).create()) {
            for (long id = 0; id < total; id++) {
                boolean bad = id == 17 || id == 250;
                producer.sendAsync(OutgoingMessage.of(bad ? order(id, "-5") : order(id, "1.5")));
            }
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> broker.ackedCount(topic, subscription) == total);
        assertThat(db.longs("SELECT id FROM " + table + " ORDER BY id")).containsExactlyElementsOf(
                LongStream.range(0, total).filter(id -> id != 17 && id != 250).boxed().toList());
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(deadLetters) == 2);
        assertThat(new HashSet<>(broker.messages(deadLetters).stream()
                .map(m -> m.getPayload().toString(StandardCharsets.UTF_8)).toList()))
                .containsExactlyInAnyOrder("{\"id\":17,\"amount\":-5}", "{\"id\":250,\"amount\":-5}");
        assertThat(sink.counter("danube.connector.messages.failed", topic, "invalid_data")).isEqualTo(2);
    }
}
