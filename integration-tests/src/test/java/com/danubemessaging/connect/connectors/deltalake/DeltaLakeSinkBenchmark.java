package com.danubemessaging.connect.connectors.deltalake;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.bench.Rounds;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Rows per second into a local Delta table with 1000-row commits: sink-deltalake called as the runtime calls it
 * ({@code processBatch} + {@code flush}: JSON → typed values, ledger read, Parquet, commit with txn and ledger),
 * against bare Delta Kernel appending the same rows already converted (Parquet + a plain commit), in the same run.
 * Not a test: figures go to docs/benchmarks.md.
 */
public final class DeltaLakeSinkBenchmark {
    private static final String TOPIC = "/default/bench-events";
    private static final int BATCH = 1000;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final StructType SCHEMA = new StructType()
            .add("event_id", LongType.LONG, false)
            .add("event_type", StringType.STRING, true)
            .add("user_id", StringType.STRING, true)
            .add("amount", new DecimalType(12, 2), true)
            .add("event_time", TimestampType.TIMESTAMP, true);

    private DeltaLakeSinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int commits = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path dir = Files.createTempDirectory("delta-bench");
        bare(dir.resolve("warm-bare"), 5);
        sink(dir.resolve("warm-sink"), 5);
        double[] bare = new double[ROUNDS];
        double[] sink = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) { // alternating, so load changes on the machine hit both alike
            bare[r] = bare(dir.resolve("bare-" + r), commits);
            sink[r] = sink(dir.resolve("sink-" + r), commits);
        }
        System.out.println("| commits x rows per round | bare Delta Kernel rows/s (median; rounds) |"
                + " sink-deltalake rows/s (median; rounds) | sink / bare |");
        System.out.println("|---:|---:|---:|---:|");
        System.out.printf("| %d x %d | %s | %s | %.2f |%n", commits, BATCH, Rounds.describe(bare),
                Rounds.describe(sink), Rounds.median(sink) / Rounds.median(bare));
    }

    private static String event(long id) {
        return "{\"event_id\":" + id + ",\"type\":\"click\",\"user\":{\"id\":\"u" + id % 1000 + "\"},\"amount\":\""
                + id % 100_000 + ".50\",\"at\":\"2024-05-01T10:00:00Z\"}";
    }

    private static double sink(Path table, int commits) {
        DeltaLakeSink sink = new DeltaLakeSink(Map.of(), CommitObserver.NONE);
        Map<String, Object> route = new HashMap<>();
        route.put("from", TOPIC);
        route.put("subscription", "bench");
        route.put("to", table.toString());
        route.put("field_mappings", List.of(
                Map.of("json_path", "event_id", "column", "event_id", "data_type", "Int64", "nullable", false),
                Map.of("json_path", "type", "column", "event_type", "data_type", "Utf8"),
                Map.of("json_path", "user.id", "column", "user_id", "data_type", "Utf8"),
                Map.of("json_path", "amount", "column", "amount", "data_type", "Decimal(12,2)"),
                Map.of("json_path", "at", "column", "event_time", "data_type", "Timestamp")));
        sink.initialize(ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("bench")
                .table("deltalake", Map.of("routes", List.of(route))).build());
        List<List<SinkRecord>> batches = new ArrayList<>();
        for (int c = 0; c < commits; c++) {
            List<SinkRecord> batch = new ArrayList<>(BATCH);
            for (int i = c * BATCH; i < (c + 1) * BATCH; i++) {
                batch.add(SinkRecord.builder(TOPIC, event(i).getBytes(StandardCharsets.UTF_8))
                        .partitionTopic(TOPIC).offset(i + 1).publishTimeMillis(1_700_000_000_000L).build());
            }
            batches.add(batch);
        }
        long start = System.nanoTime();
        for (List<SinkRecord> batch : batches) {
            sink.processBatch(batch);
            sink.flush();
        }
        return check(table, commits, start);
    }

    private static double bare(Path table, int commits) throws Exception {
        Engine engine = DefaultEngine.create(new Configuration());
        Table delta = Table.forPath(engine, table.toUri().toString());
        delta.createTransactionBuilder(engine, "bench", Operation.CREATE_TABLE).withSchema(engine, SCHEMA)
                .build(engine).commit(engine, CloseableIterable.emptyIterable());
        List<List<Object[]>> batches = new ArrayList<>();
        for (int c = 0; c < commits; c++) {
            List<Object[]> rows = new ArrayList<>(BATCH);
            for (long i = (long) c * BATCH; i < (long) (c + 1) * BATCH; i++) {
                rows.add(new Object[] {i, "click", "u" + i % 1000, new BigDecimal((i % 100_000) + ".50"),
                        1_714_557_600_000_000L});
            }
            batches.add(rows);
        }
        long start = System.nanoTime();
        for (List<Object[]> rows : batches) {
            Transaction txn = delta.createTransactionBuilder(engine, "bench", Operation.WRITE).build(engine);
            Row state = txn.getTransactionState(engine);
            DataWriteContext context = Transaction.getWriteContext(engine, state, Map.of());
            List<DataFileStatus> files;
            try (CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(engine, state,
                    Iterators.of(List.of(new FilteredColumnarBatch(new RowBatch(SCHEMA, rows), Optional.empty()))),
                    Map.of());
                 CloseableIterator<DataFileStatus> written = engine.getParquetHandler().writeParquetFiles(
                         context.getTargetDirectory(), physical, context.getStatisticsColumns())) {
                files = written.toInMemoryList();
            }
            var result = txn.commit(engine, CloseableIterable.inMemoryIterable(
                    Transaction.generateAppendActions(engine, state, Iterators.of(files), context)));
            for (var hook : result.getPostCommitHooks()) {
                hook.threadSafeInvoke(engine);
            }
        }
        return check(table, commits, start);
    }

    private static double check(Path table, int commits, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        int rows = new DeltaTables(table.toString()).rows().size();
        if (rows != commits * BATCH) {
            throw new IllegalStateException(table + " holds " + rows + " rows, expected " + commits * BATCH);
        }
        return rows / seconds;
    }
}
