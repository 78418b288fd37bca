package com.danubemessaging.connect.connectors.pgvector;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sink-pgvector as the runnable runs it: found by id, configured from the example connector.toml (384 dimensions,
 * its [retry] and [processing] settings), fed by the testkit broker, writing to real pgvector (PGlite). Rows are
 * checked once the broker saw every message acknowledged, so the checks never share PGlite's one session with a
 * write.
 */
class PgVectorSinkEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String SUBSCRIPTION = "pgvector-sink";
    private static final int DIMENSION = 384;

    @TempDir
    Path dir;

    private DanubeTestBroker broker;
    private DanubeClient client;
    private PgLiteServer pg;
    private final List<RuntimeHarness> running = new ArrayList<>();

    @BeforeEach
    void start() {
        broker = DanubeTestBroker.builder().build().start();
        client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).build();
    }

    @AfterEach
    void stop() {
        running.forEach(RuntimeHarness::close);
        if (client != null) {
            client.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    /** The example, pointed at this test's broker, PGlite, topic and table. */
    private RuntimeHarness startSink(String name, String topic, String table, String deadLetterTopic,
                                     Map<String, String> more) {
        Map<String, String> replace = new HashMap<>(more);
        replace.putAll(Map.of(
                "danube_service_url = \"http://localhost:6650\"", "danube_service_url = \"" + broker.serviceUrl() + "\"",
                "connector_name = \"pgvector-sink\"", "connector_name = \"" + name + "\"",
                "metrics_port = 9090", "metrics_port = 0",
                "url = \"jdbc:postgresql://localhost:5432/vectors\"", "url = \"" + pg.jdbcUrl() + "\"",
                "from = \"/default/embeddings\"", "from = \"" + topic + "\"",
                "to = \"documents\"", "to = \"" + table + "\""));
        if (deadLetterTopic != null) {
            replace.put("# dead_letter_topic = \"/default/pgvector-dead-letters\"",
                    "dead_letter_topic = \"" + deadLetterTopic + "\"");
        }
        String toml = ExampleToml.load("pgvector", "sink-pgvector.toml", replace);
        // Danube starts a new subscription at the latest message: the topic must exist and the sink be subscribed
        // before anything is published (danube-facts §9.6)
        broker.createTopic(topic, DispatchStrategy.Reliable);
        RuntimeHarness sink = RunningConnector.start("sink-pgvector", toml, dir);
        running.add(sink);
        await().atMost(WAIT).until(() -> sink.ready() && !broker.activeConsumers(topic, SUBSCRIPTION).isEmpty());
        return sink;
    }

    /** A record of {@code id} with a vector derived from it, so a redelivery carries the same values. */
    private static String record(long id) {
        Random random = new Random(id);
        StringBuilder json = new StringBuilder("{\"id\":\"doc-").append(id).append("\",\"vector\":[");
        for (int i = 0; i < DIMENSION; i++) {
            json.append(i == 0 ? "" : ",").append(random.nextFloat() * 2 - 1);
        }
        return json.append("],\"payload\":{\"n\":").append(id).append("}}").toString();
    }

    private static List<String> records(long from, long to) {
        return LongStream.range(from, to).mapToObj(PgVectorSinkEndToEndTest::record).toList();
    }

    private static void publish(Producer producer, List<String> payloads) {
        payloads.forEach(p -> producer.sendAsync(OutgoingMessage.of(p.getBytes(StandardCharsets.UTF_8))));
        producer.flush();
    }

    /** The payload's n of every row. */
    private Set<Long> stored(String table) {
        return pg.column("SELECT payload->>'n' FROM " + table).stream().map(Long::parseLong)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void badRecordsAreCountedAndSetAsideWhileEveryOtherVectorLands() {
        String topic = "/default/pgv-e2e-bad";
        String dlq = "/default/pgv-e2e-bad-dlq";
        String table = PgLiteServer.uniqueTable("pgv_e2e_bad");
        pg = PgLiteServer.start();
        RuntimeHarness sink = startSink("pgv-e2e-bad", topic, table, dlq, Map.of());

        List<String> payloads = new ArrayList<>(records(0, 300));
        payloads.set(50, payloads.get(50).replaceFirst("\\[[^,]*,", "["));            // 383 dimensions
        payloads.set(150, payloads.get(150).replaceFirst("\\[[^,]*,", "[NaN,"));      // Python's json.dumps NaN
        payloads.set(250, "{\"id\":\"doc-250\",\"payload\":{\"n\":250}}");            // no vector
        try (Producer producer = client.newProducer().topic(topic).name("embedder").reliable(true).create()) {
            publish(producer, payloads);
        }

        await().atMost(WAIT).until(() -> broker.ackedCount(topic, SUBSCRIPTION) == 300
                && broker.messageCount(dlq) == 3);
        assertThat(stored(table)).isEqualTo(RecordIds.range(0, 300, 50L, 150L, 250L));
        assertThat(pg.column("SELECT count(*) FROM " + table)).containsExactly("297");
        assertThat(sink.counter("danube.connector.messages.failed", topic, "invalid_data")).isEqualTo(3);
        assertThat(sink.exited()).as("invalid data does not stop the runtime").isFalse();
        assertThat(broker.messages(dlq)).extracting(m -> m.getAttributesMap().get(DeadLetterPublisher.ATTR_REASON))
                .anySatisfy(r -> assertThat(r).contains("\"vector\" has 383 dimensions, the route's vector_dimension"
                        + " is 384"))
                .anySatisfy(r -> assertThat(r).contains("vector[0] is NaN; pgvector stores finite numbers only"))
                .anySatisfy(r -> assertThat(r).contains("no \"vector\" field"));
        // the id rule: "doc-7" is the first 8 bytes of SHA-256("doc-7"), big-endian
        assertThat(pg.column("SELECT id FROM " + table + " WHERE payload->>'n' = '7'"))
                .containsExactly("745252703525465231");
    }

    @Test
    void pgvectorKilledMidStreamLosesNothingAndDuplicatesNothingOnceItIsBack() throws Exception {
        String topic = "/default/pgv-e2e-outage";
        String table = PgLiteServer.uniqueTable("pgv_e2e_outage");
        pg = PgLiteServer.start(true);
        // a connection attempt gives up after 3 s instead of the example's 30, so that the 10 s outage makes
        // flushes fail and the runtime retry them (with 30 s a flush would just wait for the database)
        RuntimeHarness sink = startSink("pgv-e2e-outage", topic, table, null,
                Map.of("timeout_secs = 30 ", "timeout_secs = 3 "));
        Producer producer = client.newProducer().topic(topic).name("embedder").reliable(true).create();

        publish(producer, records(0, 400));
        await().atMost(WAIT).until(() -> broker.ackedCount(topic, SUBSCRIPTION) == 400);

        pg.kill();   // SIGKILL: the database is gone mid-stream, with whatever it had in flight
        long killedAt = System.nanoTime();
        publish(producer, records(400, 1000));
        Thread.sleep(Duration.ofSeconds(10).toMillis());
        long ackedWhileDown = broker.ackedCount(topic, SUBSCRIPTION);
        double retriedWhileDown = sink.counter("danube.connector.messages.retried", topic, null);
        assertThat(ackedWhileDown).as("nothing is acknowledged while the database is down").isEqualTo(400);
        assertThat(sink.exited()).as("the sink keeps retrying instead of stopping").isFalse();
        pg.restart();   // the same port and data directory: PostgreSQL's crash recovery runs
        long outageMs = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
        publish(producer, records(1000, 1200));

        await().atMost(WAIT).until(() -> broker.ackedCount(topic, SUBSCRIPTION) == 1200);
        producer.close();
        assertThat(ackedWhileDown).as("the outage hit mid-stream").isLessThan(1200);
        assertThat(stored(table)).isEqualTo(RecordIds.range(0, 1200));
        assertThat(pg.column("SELECT count(*) || ' ' || count(DISTINCT id) FROM " + table))
                .as("one row per id").containsExactly("1200 1200");
        assertThat(retriedWhileDown).as("flushes failed and were retried during the outage").isPositive();
        System.out.printf("pgvector outage: PGlite killed (SIGKILL) for %d ms after 400 of 1200 vectors, %.0f"
                + " retried; afterwards all 1200 stored, 1200 rows, 0 lost, 0 duplicated%n", outageMs,
                retriedWhileDown);
    }
}
