package com.danubemessaging.connect.connectors.pgvector;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.SinkRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import java.util.Random;

/**
 * Vectors/s of dimension 384 into pgvector (PGlite, {@link PgLiteServer}): sink-pgvector (processBatch + flush, as
 * the runtime calls it: parse, check, upsert in one transaction per batch) against a bare JDBC batch insert of the
 * same records in the same run (parse, plain INSERT, commit per batch), with batches of 1 and of 500. Both tables
 * have the HNSW index (cosine) that auto_create_collection makes. Not a test: a main class.
 * <pre>./mvnw -B -q -Pbench -pl connectors/pgvector -am -DskipTests process-test-classes</pre>
 * {@code -Dbench.rounds=3} sets the rounds per case (median reported), {@code -Dbench.vectors=1000} the vectors per
 * case and round.
 */
public final class PgVectorSinkBenchmark {
    private static final int DIMENSION = 384;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int VECTORS = Integer.getInteger("bench.vectors", 1_000);
    private static final ObjectMapper JSON = new ObjectMapper();

    private PgVectorSinkBenchmark() {
    }

    public static void main(String[] args) {
        try (PgLiteServer pg = PgLiteServer.start()) {
            System.out.printf("sink-pgvector benchmark: PGlite (PostgreSQL %s, pgvector %s) on 127.0.0.1, dimension"
                    + " %d, HNSW index, %d rounds per case, median vectors/s%n", pg.postgresVersion(),
                    pg.pgvectorVersion(), DIMENSION, ROUNDS);
            for (int batch : new int[] {1, 500}) {
                // the same count for both batch sizes: an HNSW insert costs more as the graph grows
                int vectors = VECTORS;
                double[] bare = new double[ROUNDS];
                double[] sink = new double[ROUNDS];
                // the cases alternate within each round (after a warm-up round), so a load change hits both alike
                for (int round = -1; round < ROUNDS; round++) {
                    double b = bare(pg, vectors, batch);
                    double s = sink(pg, vectors, batch);
                    if (round >= 0) {
                        bare[round] = b;
                        sink[round] = s;
                    }
                }
                System.out.printf("batch %3d, %5d vectors: bare JDBC insert %7.0f vectors/s | sink-pgvector upsert"
                        + " %7.0f vectors/s (%.2f of bare)   rounds bare %s sink %s%n", batch, vectors, median(bare),
                        median(sink), median(sink) / median(bare), Arrays.toString(rounded(bare)),
                        Arrays.toString(rounded(sink)));
            }
        }
        System.exit(0);
    }

    private static List<SinkRecord> records(int count) {
        Random random = new Random(count);
        List<SinkRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder json = new StringBuilder("{\"id\":\"").append(i).append("\",\"vector\":[");
            for (int d = 0; d < DIMENSION; d++) {
                json.append(d == 0 ? "" : ",").append(random.nextFloat() * 2 - 1);
            }
            json.append("],\"payload\":{\"text\":\"chunk ").append(i).append("\"}}");
            records.add(SinkRecord.builder(PointMapperTest.TOPIC, json.toString().getBytes(StandardCharsets.UTF_8))
                    .messageId(PointMapperTest.TOPIC + "@" + i).offset(i).publishTimeMillis(i).build());
        }
        return records;
    }

    /** The same records with plain JDBC: parse, one prepared INSERT, addBatch per row, commit per batch. */
    private static double bare(PgLiteServer pg, int vectors, int batch) {
        String table = PgLiteServer.uniqueTable("bench_bare");
        pg.execute("CREATE EXTENSION IF NOT EXISTS vector");
        pg.execute("CREATE TABLE " + table + " (id numeric(20,0) PRIMARY KEY, embedding vector(" + DIMENSION
                + ") NOT NULL, payload jsonb NOT NULL)");
        pg.execute("CREATE INDEX ON " + table + " USING hnsw (embedding vector_cosine_ops)");
        List<SinkRecord> input = records(vectors);
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl() + "&reWriteBatchedInserts=true", "postgres",
                "")) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table
                    + " (id, embedding, payload) VALUES (?, ?::vector, ?::jsonb)")) {
                for (int from = 0; from < vectors; from += batch) {
                    for (int i = from; i < Math.min(vectors, from + batch); i++) {
                        JsonNode json = JSON.readTree(input.get(i).payload());
                        s.setBigDecimal(1, new java.math.BigDecimal(json.get("id").asText()));
                        s.setString(2, json.get("vector").toString());
                        s.setString(3, json.get("payload").toString());
                        s.addBatch();
                    }
                    s.executeBatch();
                    c.commit();
                }
            }
            return vectors / ((System.nanoTime() - start) / 1e9);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        } finally {
            pg.execute("DROP TABLE " + table);
        }
    }

    private static double sink(PgLiteServer pg, int vectors, int batch) {
        String table = PgLiteServer.uniqueTable("bench_sink");
        List<SinkRecord> input = records(vectors);
        Map<String, Object> route = new HashMap<>(Map.of("from", PointMapperTest.TOPIC, "subscription", "bench",
                "to", table, "vector_dimension", DIMENSION));
        PgVectorSink sink = new PgVectorSink(Map.of());
        sink.initialize(ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("bench")
                .table("pgvector", Map.of("url", pg.jdbcUrl(), "routes", List.of(route),
                        // a 500-row HNSW upsert in WASM on a loaded machine can take longer than the default 30 s
                        "timeout_secs", 600)).build());
        try {
            long start = System.nanoTime();
            for (int from = 0; from < vectors; from += batch) {
                sink.processBatch(input.subList(from, Math.min(vectors, from + batch)));
                sink.flush();
            }
            return vectors / ((System.nanoTime() - start) / 1e9);
        } finally {
            sink.shutdown();
            pg.execute("DROP TABLE " + table);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long[] rounded(double[] values) {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }
}
