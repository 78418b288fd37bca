package com.danubemessaging.connect.connectors.postgrescdc;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.runtime.RuntimeHarness;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import io.debezium.engine.spi.OffsetCommitPolicy;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.PGReplicationStream;

/**
 * PostgreSQL CDC throughput (docs/benchmarks.md, "PostgreSQL CDC"): change events/s from one bulk INSERT of N rows
 * (default 100,000) committed at once, measured from the commit until the last event is in, three ways in one run
 * against the local PostgreSQL:
 * <ol>
 *   <li>{@code pgjdbc}: the bare client, pgjdbc's replication stream with pgoutput, counting the insert messages
 *       (no decoding beyond the message type);</li>
 *   <li>{@code debezium}: Debezium's embedded engine with the connector's properties, a consumer that only counts
 *       and marks processed;</li>
 *   <li>{@code connector}: source-postgres-cdc run by the real source runtime into the in-memory testkit broker, until
 *       the broker stored every record, with the default {@code max_in_flight = 1} and with 64.</li>
 * </ol>
 * Not a test: {@code ./mvnw -B -q -Pbench-cdc -pl integration-tests -am -DskipTests process-test-classes}
 * ({@code -Dbench.rows=N}).
 */
public final class PostgresCdcBenchmark {
    private static final long TIMEOUT_MS = TimeUnit.MINUTES.toMillis(10);

    private PostgresCdcBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 100_000);
        try (TestPostgres pg = TestPostgres.open()) {
            System.out.printf("PostgreSQL CDC: change events/s from one INSERT of %,d rows (PostgreSQL %s, %d cores)%n",
                    rows, pg.single("SHOW server_version"), Runtime.getRuntime().availableProcessors());
            System.out.printf("%-28s %10s %14s%n", "path", "seconds", "events/s");
            report("pgjdbc replication (bare)", rows, bare(pg, rows));
            report("debezium engine", rows, debezium(pg, rows));
            report("connector, max_in_flight 1", rows, connector(pg, rows, 1));
            report("connector, max_in_flight 64", rows, connector(pg, rows, 64));
        }
        System.exit(0);
    }

    private static void report(String path, int rows, double seconds) {
        System.out.printf("%-28s %10.2f %,14.0f%n", path, seconds, rows / seconds);
    }

    private static String table(TestPostgres pg, String name) {
        String table = pg.name(name);
        pg.createTable(table, "id int PRIMARY KEY, name text NOT NULL, amount numeric(12,2), created timestamptz");
        return table;
    }

    private static long bulkInsert(TestPostgres pg, String table, int rows) {
        long start = System.nanoTime();
        pg.execute("INSERT INTO " + table + " SELECT g, 'customer ' || g, g * 1.25, now() FROM generate_series(1, "
                + rows + ") g");
        return start;
    }

    private static double waitFor(long startNanos, BooleanSupplier done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** pgjdbc's replication API with pgoutput: the floor any Java CDC client on this server starts from. */
    private static double bare(TestPostgres pg, int rows) throws Exception {
        String table = table(pg, "bench_bare");
        String slot = pg.name("bench_bare");
        pg.dropSlotAndPublicationAtClose(slot, slot);
        pg.execute("CREATE PUBLICATION " + slot + " FOR TABLE " + table);
        Properties props = new Properties();
        PGProperty.USER.set(props, TestPostgres.USER);
        PGProperty.REPLICATION.set(props, "database");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "10");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + TestPostgres.HOST + ":"
                + TestPostgres.PORT + "/" + TestPostgres.DATABASE, props)) {
            PGConnection replication = c.unwrap(PGConnection.class);
            replication.getReplicationAPI().createReplicationSlot().logical().withSlotName(slot)
                    .withOutputPlugin("pgoutput").make();
            PGReplicationStream stream = replication.getReplicationAPI().replicationStream().logical()
                    .withSlotName(slot).withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", slot).start();
            long start = bulkInsert(pg, table, rows);
            long inserts = 0;
            while (inserts < rows) {
                ByteBuffer message = stream.readPending();
                if (message == null) {
                    Thread.sleep(1);
                    continue;
                }
                if (message.get(message.position()) == 'I') {
                    inserts++;
                }
                stream.setFlushedLSN(stream.getLastReceiveLSN());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            stream.close();
            return seconds;
        }
    }

    /** Debezium's engine alone, with the connector's properties: what the library costs before Danube. */
    private static double debezium(TestPostgres pg, int rows) throws Exception {
        String table = table(pg, "bench_dbz");
        String slot = pg.name("bench_dbz");
        pg.dropSlotAndPublicationAtClose(slot, slot);
        Path dir = Files.createTempDirectory("bench-dbz");
        PostgresCdcSettings settings = PostgresCdcSettings.from(config(slot, table, dir, 1000, 1)
                .connectorConfig("http://127.0.0.1:1"), Map.of());
        AtomicLong events = new AtomicLong();
        CountDownLatch started = new CountDownLatch(1);
        DebeziumEngine<ChangeEvent<String, String>> engine = DebeziumEngine.create(Json.class)
                .using(DebeziumProperties.of(settings, "bench", 1000))
                .using(OffsetCommitPolicy.always())
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        started.countDown();
                    }
                })
                .notifying((records, committer) -> {
                    for (ChangeEvent<String, String> r : records) {
                        if (r.value() != null && r.value().contains("\"op\":\"c\"")) {
                            events.incrementAndGet();
                        }
                        committer.markProcessed(r);
                    }
                    committer.markBatchFinished();
                }).build();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        thread.execute(engine);
        started.await(2, TimeUnit.MINUTES);
        waitFor(System.nanoTime(), () -> pg.confirmedFlushLsn(slot) != null);
        Thread.sleep(2000); // the engine streams once the (empty) snapshot phase is over
        long start = bulkInsert(pg, table, rows);
        double seconds = waitFor(start, () -> events.get() >= rows);
        engine.close();
        thread.shutdown();
        thread.awaitTermination(30, TimeUnit.SECONDS);
        return seconds;
    }

    /** source-postgres-cdc in the real source runtime, into the testkit broker. */
    private static double connector(TestPostgres pg, int rows, int maxInFlight) throws Exception {
        String table = table(pg, "bench_conn" + maxInFlight);
        String slot = pg.name("bench_conn" + maxInFlight);
        pg.dropSlotAndPublicationAtClose(slot, slot);
        Path dir = Files.createTempDirectory("bench-conn");
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start();
             RuntimeHarness runtime = RuntimeHarness.start(config(slot, table, dir, 1000, maxInFlight)
                     .connectorConfig(broker.serviceUrl()), new PostgresCdcSource(Map.of()))) {
            String topic = "/default/public-" + table;
            waitFor(System.nanoTime(), () -> runtime.ready() && broker.topics().contains(topic)
                    && pg.confirmedFlushLsn(slot) != null);
            Thread.sleep(2000);
            long start = bulkInsert(pg, table, rows);
            return waitFor(start, () -> broker.messageCount(topic) >= rows);
        }
    }

    private static BenchConfig config(String slot, String table, Path dir, int batchSize, int maxInFlight) {
        return new BenchConfig(slot, table, dir, batchSize, maxInFlight);
    }

    /** The connector's config for one benchmark path; the service URL is set per broker. */
    private record BenchConfig(String slot, String table, Path dir, int batchSize, int maxInFlight) {
        ConnectorConfig connectorConfig(String serviceUrl) {
            return ConnectorConfig.builder().serviceUrl(serviceUrl).connectorName("bench-" + slot)
                    .processing(ProcessingSettings.defaults().withBatchSize(batchSize).withPollIntervalMs(5)
                            .withMaxInFlight(maxInFlight))
                    .table("postgres_cdc", Map.of("host", TestPostgres.HOST, "port", TestPostgres.PORT,
                            "database", TestPostgres.DATABASE, "user", TestPostgres.USER,
                            "tables", java.util.List.of("public." + table), "slot_name", slot,
                            "snapshot_mode", "no_data", "offset_file", dir.resolve("offsets.json").toString()))
                    .build();
        }
    }
}
