package com.danubemessaging.connect.connectors.jdbc;

import com.danubemessaging.connect.api.SinkRecord;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows/s into the local PostgreSQL: sink-jdbc (processBatch + flush, as the runtime calls it) against a bare JDBC
 * batch insert of the same rows in the same run, with batches of 1 and of 500. Not a test: a main class.
 * <pre>./mvnw -B -q -Pbench -pl connectors/jdbc -am -DskipTests process-test-classes</pre>
 * {@code -Dbench.rounds=5} sets the rounds per case (median reported).
 */
public final class JdbcSinkBenchmark {
    private static final TestDatabase DB = TestDatabase.POSTGRESQL;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

    private JdbcSinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        DB.requireRunning();
        System.out.printf("sink-jdbc benchmark: PostgreSQL %s, %d rounds per case, median rows/s%n", DB.url(),
                ROUNDS);
        for (int batch : new int[] {1, 500}) {
            int rows = batch == 1 ? Integer.getInteger("bench.rows.batch1", 2_000)
                    : Integer.getInteger("bench.rows.batch500", 50_000);
            // the cases alternate within each round, so a load change on the machine hits all of them alike
            double[][] results = rounds(3, (round, c) -> switch (c) {
                case 0 -> bare(rows, batch);
                case 1 -> connector(rows, batch, "insert");
                default -> connector(rows, batch, "upsert");
            });
            double bare = median(results[0]);
            double insert = median(results[1]);
            double upsert = median(results[2]);
            System.out.printf("batch %3d, %6d rows: bare JDBC %8.0f rows/s | sink-jdbc insert %8.0f rows/s (%.2f of "
                    + "bare) | sink-jdbc upsert %8.0f rows/s (%.2f of bare)%n", batch, rows, bare, insert,
                    insert / bare, upsert, upsert / bare);
        }
    }

    /** A warm-up round, then {@code ROUNDS} rounds of every case in turn; results[case][round]. */
    static double[][] rounds(int cases, Case run) {
        double[][] results = new double[cases][ROUNDS];
        for (int round = -1; round < ROUNDS; round++) {
            for (int c = 0; c < cases; c++) {
                double value = run.measure(round, c);
                if (round >= 0) {
                    results[c][round] = value;
                }
            }
        }
        return results;
    }

    /** One measurement of one case. */
    interface Case {
        double measure(int round, int caseIndex);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String createTable() {
        String table = TestDatabase.uniqueTable("bench");
        DB.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, amount NUMERIC, customer TEXT)");
        return table;
    }

    private static List<SinkRecord> records(int count) {
        List<SinkRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String json = "{\"id\":" + i + ",\"amount\":" + i + ".25,\"customer\":{\"name\":\"customer " + i + "\"}}";
            records.add(SinkRecord.builder(JdbcSinkTest.TOPIC, json.getBytes(StandardCharsets.UTF_8))
                    .messageId(JdbcSinkTest.TOPIC + "@" + i + "/1").offset(i).build());
        }
        return records;
    }

    /** The same rows with plain JDBC: one prepared INSERT, addBatch per row, executeBatch and commit per batch. */
    private static double bare(int rows, int batch) {
        String table = createTable();
        List<SinkRecord> input = records(rows);
        try (Connection c = DriverManager.getConnection(DB.url() + "?reWriteBatchedInserts=true", DB.user(), null)) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table
                    + " (id, amount, customer) VALUES (?, ?, ?)")) {
                for (int from = 0; from < rows; from += batch) {
                    for (int i = from; i < Math.min(rows, from + batch); i++) {
                        // the same work the connector does per row: parse the payload and read three fields
                        var json = input.get(i).json();
                        s.setLong(1, json.get("id").longValue());
                        s.setBigDecimal(2, json.get("amount").decimalValue());
                        s.setString(3, json.get("customer").get("name").asText());
                        s.addBatch();
                    }
                    s.executeBatch();
                    c.commit();
                }
            }
            return rows / ((System.nanoTime() - start) / 1e9);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            DB.dropTable(table);
        }
    }

    private static double connector(int rows, int batch, String mode) {
        String table = createTable();
        List<SinkRecord> input = records(rows);
        Map<String, Object> route = new HashMap<>(JdbcSinkTest.orderRoute(table));
        route.put("insert_mode", mode);
        route.remove("create_table");
        if (mode.equals("insert")) {
            route.remove("key_columns");
        }
        JdbcSink sink = new JdbcSink(config -> JdbcSinkSettings.from(config, Map.of()));
        sink.initialize(JdbcSinkTest.config(Map.of("url", DB.url(), "username", DB.user(), "routes",
                List.of(route))));
        try {
            long start = System.nanoTime();
            for (int from = 0; from < rows; from += batch) {
                sink.processBatch(input.subList(from, Math.min(rows, from + batch)));
                sink.flush();
            }
            return rows / ((System.nanoTime() - start) / 1e9);
        } finally {
            sink.shutdown();
            DB.dropTable(table);
        }
    }
}
