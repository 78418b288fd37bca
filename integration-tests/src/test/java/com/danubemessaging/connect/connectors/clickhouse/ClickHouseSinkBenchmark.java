package com.danubemessaging.connect.connectors.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.bench.Rounds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows per second into the local ClickHouse at batch sizes 1, 100 and 1000: sink-clickhouse called as the runtime
 * calls it ({@code processBatch} + {@code flush}: type checks, JSON encoding, one INSERT), against the bare client-v2
 * inserting the same rows already encoded, in the same run, on the same server. Not a test: figures go to
 * docs/benchmarks.md. Run: {@code ./mvnw -B -q -Pbench-sinks -pl integration-tests -am -DskipTests
 * process-test-classes}.
 */
public final class ClickHouseSinkBenchmark {
    private static final String TOPIC = "/default/bench-orders";
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    /** Caps the rows per round (the short form in .ci/run); the full run uses 500, 20,000 and 100,000. */
    private static final int MAX_ROWS = Integer.getInteger("bench.clickhouse.maxRows", 100_000);
    private static final String COLUMNS = "(order_id UInt64, customer String, amount Decimal(12, 2),"
            + " created_at DateTime, note Nullable(String))";

    private ClickHouseSinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LocalClickHouse.require();
        System.out.println("| batch size | rows per round | bare client-v2 rows/s (median; rounds) |"
                + " sink-clickhouse rows/s (median; rounds) | sink / bare |");
        System.out.println("|---:|---:|---:|---:|---:|");
        for (int[] run : new int[][] {{1, 500}, {100, 20_000}, {1000, 100_000}}) {
            int batch = run[0];
            int rows = Math.min(run[1], MAX_ROWS);
            measure(batch, Math.max(batch, rows / 10), false); // warm-up of both paths
            measure(batch, Math.max(batch, rows / 10), true);
            double[] bare = new double[ROUNDS];
            double[] sink = new double[ROUNDS];
            for (int r = 0; r < ROUNDS; r++) { // alternating, so load changes on the machine hit both alike
                bare[r] = measure(batch, rows, false);
                sink[r] = measure(batch, rows, true);
            }
            System.out.printf("| %d | %d | %s | %s | %.2f |%n", batch, rows, Rounds.describe(bare),
                    Rounds.describe(sink), Rounds.median(sink) / Rounds.median(bare));
        }
    }

    private static String order(long id) {
        return "{\"order_id\":" + id + ",\"customer\":{\"name\":\"customer-" + id % 1000 + "\"},\"amount\":\""
                + id % 100_000 + ".25\",\"created_at\":\"2024-05-01T10:00:00Z\",\"note\":"
                + (id % 2 == 0 ? "null" : "\"n" + id + "\"") + "}";
    }

    /** The row as the bare client gets it: already in the table's shape. */
    private static String row(long id) {
        return "{\"order_id\":" + id + ",\"customer\":\"customer-" + id % 1000 + "\",\"amount\":" + id % 100_000
                + ".25,\"created_at\":1714557600,\"note\":" + (id % 2 == 0 ? "null" : "\"n" + id + "\"") + "}\n";
    }

    private static double measure(int batchSize, int rows, boolean throughSink) throws Exception {
        String table = LocalClickHouse.uniqueTable("bench_" + (throughSink ? "sink" : "bare") + "_" + batchSize);
        LocalClickHouse.query("CREATE TABLE default." + table + " " + COLUMNS + " ENGINE = MergeTree ORDER BY order_id");
        try {
            long start;
            if (throughSink) {
                ClickHouseSink sink = new ClickHouseSink(Map.of());
                sink.initialize(config(table));
                List<List<SinkRecord>> batches = new ArrayList<>();
                for (int from = 0; from < rows; from += batchSize) {
                    List<SinkRecord> b = new ArrayList<>();
                    for (int i = from; i < Math.min(rows, from + batchSize); i++) {
                        b.add(SinkRecord.builder(TOPIC, order(i).getBytes(StandardCharsets.UTF_8))
                                .offset(i + 1).messageId(TOPIC + "@" + (i + 1)).build());
                    }
                    batches.add(b);
                }
                start = System.nanoTime();
                for (List<SinkRecord> b : batches) {
                    sink.processBatch(b);
                    sink.flush();
                }
                sink.shutdown();
            } else {
                List<byte[]> bodies = new ArrayList<>();
                for (int from = 0; from < rows; from += batchSize) {
                    ByteArrayOutputStream body = new ByteArrayOutputStream();
                    for (int i = from; i < Math.min(rows, from + batchSize); i++) {
                        body.writeBytes(row(i).getBytes(StandardCharsets.UTF_8));
                    }
                    bodies.add(body.toByteArray());
                }
                try (Client client = new Client.Builder().addEndpoint(LocalClickHouse.URL).setUsername("default")
                        .setPassword("").compressServerResponse(false).compressClientRequest(false).build()) {
                    start = System.nanoTime();
                    for (byte[] body : bodies) {
                        client.insert("default." + table, new ByteArrayInputStream(body),
                                ClickHouseFormat.JSONEachRow, new InsertSettings()).get().close();
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long stored = LocalClickHouse.number("SELECT count() FROM default." + table);
            if (stored != rows) {
                throw new IllegalStateException(table + " holds " + stored + " rows, expected " + rows);
            }
            return rows / seconds;
        } finally {
            LocalClickHouse.drop(table);
        }
    }

    private static ConnectorConfig config(String table) {
        Map<String, Object> route = new HashMap<>();
        route.put("from", TOPIC);
        route.put("subscription", "bench");
        route.put("to", table);
        route.put("field_mappings", List.of(
                Map.of("json_path", "order_id", "column", "order_id"),
                Map.of("json_path", "customer.name", "column", "customer"),
                Map.of("json_path", "amount", "column", "amount"),
                Map.of("json_path", "created_at", "column", "created_at"),
                Map.of("json_path", "note", "column", "note")));
        return ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("bench")
                .table("clickhouse", Map.of("url", LocalClickHouse.URL, "routes", List.of(route))).build();
    }
}
