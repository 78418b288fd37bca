package com.danubemessaging.connect.connectors.pgvector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.testkit.TcpProxy;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * sink-pgvector against real pgvector (PGlite, {@link PgLiteServer}), called the way the runtime calls it:
 * processBatch, then flush, and after an invalid-data failure the same records one by one.
 */
class PgVectorSinkTest {
    private static final String TOPIC = PointMapperTest.TOPIC;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PgLiteServer pg;

    private final List<PgVectorSink> sinks = new ArrayList<>();

    @BeforeAll
    static void startPgLite() {
        pg = PgLiteServer.start();
        System.out.println("PGlite carries PostgreSQL " + pg.postgresVersion() + " and pgvector "
                + pg.pgvectorVersion());
    }

    @AfterAll
    static void stopPgLite() {
        if (pg != null) {
            pg.close();
        }
    }

    @AfterEach
    void shutDownSinks() {
        sinks.forEach(PgVectorSink::shutdown);
    }

    static Map<String, Object> route(String table, int dimension) {
        Map<String, Object> route = new HashMap<>();
        route.put("from", TOPIC);
        route.put("subscription", "vectors");
        route.put("to", table);
        route.put("vector_dimension", dimension);
        return route;
    }

    private PgVectorSink start(Map<String, Object> route, String url) {
        Map<String, Object> table = new HashMap<>();
        table.put("url", url);
        table.put("timeout_secs", 5);
        table.put("routes", List.of(route));
        PgVectorSink sink = new PgVectorSink(Map.of());
        sinks.add(sink);
        sink.initialize(ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("pgv-test")
                .table("pgvector", table).build());
        return sink;
    }

    private PgVectorSink start(Map<String, Object> route) {
        return start(route, pg.jdbcUrl());
    }

    private static SinkRecord point(long offset, String id, float[] vector, String payload) {
        StringBuilder json = new StringBuilder("{");
        if (id != null) {
            json.append("\"id\":\"").append(id).append("\",");
        }
        json.append("\"vector\":[");
        for (int i = 0; i < vector.length; i++) {
            json.append(i == 0 ? "" : ",").append(vector[i]);
        }
        json.append("]");
        if (payload != null) {
            json.append(",\"payload\":").append(payload);
        }
        return PointMapperTest.record(offset, json.append("}").toString());
    }

    private static float[] randomVector(Random random, int dimension) {
        float[] v = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            v[i] = random.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static List<String> ids(String table) {
        return pg.column("SELECT id FROM " + table + " ORDER BY id");
    }

    @Test
    void rowsLandOnlyWhenFlushCommitsWithThePayloadAndDanubeMetadataInJsonb() throws Exception {
        String table = PgLiteServer.uniqueTable("pgv_land");
        PgVectorSink sink = start(route(table, 3));
        sink.processBatch(List.of(
                PointMapperTest.record(1, "{\"id\":\"1\",\"vector\":[0.1,0.2,0.3],\"payload\":{\"text\":\"first\","
                        + "\"lang\":{\"code\":\"en\"}}}"),
                PointMapperTest.record(2, "{\"id\":\"2\",\"vector\":[1,0,0]}")));
        assertThat(ids(table)).as("nothing before flush").isEmpty();
        sink.flush();

        assertThat(ids(table)).containsExactly("1", "2");
        Map<String, Object> first = pg.query("SELECT embedding::text AS embedding, payload::text AS payload FROM "
                + table + " WHERE id = 1").get(0);
        assertThat(first.get("embedding")).isEqualTo("[0.1,0.2,0.3]");
        assertThat(JSON.readTree((String) first.get("payload"))).isEqualTo(JSON.readTree("{\"text\":\"first\","
                + "\"lang\":{\"code\":\"en\"},\"_danube_topic\":\"/default/vectors\",\"_danube_timestamp\":"
                + "1700000000001,\"_danube_producer\":\"embedder\",\"_danube_attr_lang\":\"en\","
                + "\"_danube_attr_model\":\"minilm\"}"));
        assertThat(pg.column("SELECT id FROM " + table + " WHERE payload->'lang'->>'code' = 'en'"))
                .as("the payload is queryable JSONB").containsExactly("1");
    }

    @ParameterizedTest
    @EnumSource(Distance.class)
    void autoCreateMakesTheTableAndAnHnswIndexWhoseNearestNeighboursAreTheExactOnes(Distance distance) {
        String table = PgLiteServer.uniqueTable("pgv_knn_" + distance.name().toLowerCase());
        Map<String, Object> route = route(table, 8);
        route.put("distance", distance.configName());
        PgVectorSink sink = start(route);

        assertThat(pg.column("SELECT indexdef FROM pg_indexes WHERE tablename = '" + table + "' ORDER BY indexname"))
                .containsExactly("CREATE INDEX " + table + "_embedding_hnsw ON public." + table + " USING hnsw"
                        + " (embedding " + distance.operatorClass() + ")",
                        "CREATE UNIQUE INDEX " + table + "_pkey ON public." + table + " USING btree (id)");
        assertThat(pg.column("SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                + " WHERE a.attrelid = '" + table + "'::regclass AND a.attnum > 0 ORDER BY a.attnum"))
                .containsExactly("id numeric(20,0)", "embedding vector(8)", "payload jsonb");

        Random random = new Random(distance.ordinal() + 7);
        List<float[]> vectors = IntStream.range(0, 30).mapToObj(i -> randomVector(random, 8)).toList();
        sink.processBatch(IntStream.range(0, 30).mapToObj(i -> point(i, Integer.toString(i + 1), vectors.get(i),
                null)).toList());
        sink.flush();

        float[] query = randomVector(random, 8);
        List<String> expected = IntStream.range(0, 30).boxed()
                .sorted(Comparator.comparingDouble(i -> distance(distance, vectors.get(i), query)))
                .limit(5).map(i -> Integer.toString(i + 1)).toList();
        String literal = point(0, null, query, null).payloadAsString().replaceAll(".*\"vector\":(\\[[^]]*]).*", "$1");
        // 30 rows are fewer than hnsw.ef_search (40): the index search visits them all, so it is exact too
        String knn = "SELECT id FROM " + table + " ORDER BY embedding " + distance.operator() + " '" + literal
                + "' LIMIT 5";
        assertThat(pg.indexPlan(knn)).as("the index serves the distance's operator")
                .contains("Index Scan using " + table + "_embedding_hnsw");
        assertThat(pg.column(knn)).isEqualTo(expected);
    }

    private static double distance(Distance distance, float[] a, float[] b) {
        double dot = 0;
        double l2 = 0;
        double l1 = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            l2 += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
            l1 += Math.abs((double) a[i] - b[i]);
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return switch (distance) {
            case COSINE -> 1 - dot / Math.sqrt(na * nb);
            case EUCLID -> Math.sqrt(l2);
            case DOT -> -dot;
            case MANHATTAN -> l1;
        };
    }

    @Test
    void aRedeliveredBatchLeavesOneRowPerIdWithTheLatestValues() {
        String table = PgLiteServer.uniqueTable("pgv_redeliver");
        PgVectorSink sink = start(route(table, 4));
        Random random = new Random(3);
        List<SinkRecord> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(point(i, "doc-" + i, randomVector(random, 4), "{\"round\":1}"));
        }
        batch.add(PointMapperTest.record(100, "{\"vector\":[1,2,3,4]}"));   // no id: topic + publish time
        sink.processBatch(batch);
        sink.flush();
        List<String> once = ids(table);
        assertThat(once).hasSize(41).doesNotHaveDuplicates();

        // the broker hands the same messages over again (a crash before the acks); some carry new values
        List<SinkRecord> again = new ArrayList<>(batch);
        again.set(5, point(5, "doc-5", new float[] {9, 9, 9, 9}, "{\"round\":2}"));
        again.add(point(200, "doc-5", new float[] {8, 8, 8, 8}, "{\"round\":3}"));   // twice in one batch: last wins
        sink.processBatch(again);
        sink.flush();

        assertThat(ids(table)).isEqualTo(once);
        assertThat(pg.column("SELECT embedding::text || ' ' || coalesce(payload->>'round', '-') FROM " + table
                + " WHERE payload->>'round' IS DISTINCT FROM '1' ORDER BY 1"))
                .containsExactly("[1,2,3,4] -", "[8,8,8,8] 3");
    }

    @Test
    void aBadRecordAmongGoodOnesIsInvalidDataAndTheRestLandWhenHandedOverOneByOne() {
        String table = PgLiteServer.uniqueTable("pgv_bad");
        PgVectorSink sink = start(route(table, 3));
        List<SinkRecord> batch = List.of(
                PointMapperTest.record(1, "{\"id\":\"1\",\"vector\":[1,2,3]}"),
                PointMapperTest.record(2, "{\"id\":\"2\",\"vector\":[1,2]}"),
                PointMapperTest.record(3, "{\"id\":\"3\",\"vector\":[1,2,3],\"payload\":{\"t\":\"nul \\u0000\"}}"),
                PointMapperTest.record(4, "{\"id\":\"4\",\"vector\":[4,5,6]}"));
        assertThatThrownBy(() -> sink.processBatch(batch)).isInstanceOf(InvalidDataException.class)
                .hasMessage("pgvector route /default/vectors → " + table + ": \"vector\" has 2 dimensions, the"
                        + " route's vector_dimension is 3 (message /default/vectors@2)");
        sink.flush();
        assertThat(ids(table)).as("the failed batch was dropped, nothing half-written").isEmpty();

        // the runtime's isolation: the same records, one per batch
        List<String> invalid = new ArrayList<>();
        for (SinkRecord record : batch) {
            try {
                sink.processBatch(List.of(record));
                sink.flush();
            } catch (InvalidDataException e) {
                invalid.add(e.getMessage());
            }
        }
        assertThat(ids(table)).containsExactly("1", "4");
        assertThat(invalid).hasSize(2);
        assertThat(invalid.get(1)).as("JSONB refuses \\u0000: found by the database at the upsert")
                .startsWith("pgvector route /default/vectors → " + table + ": upserting 1 row(s) failed (SQLSTATE"
                        + " 22P05)")
                .endsWith("(message /default/vectors@3)");
    }

    @Test
    void aSerializationFailureIsRetryableAndTheRetryCommits() {
        String table = PgLiteServer.uniqueTable("pgv_serial");
        PgVectorSink sink = start(route(table, 2));
        pg.execute("CREATE TABLE " + table + "_fail (on_insert boolean);"
                + " INSERT INTO " + table + "_fail VALUES (true);"
                + " CREATE FUNCTION " + table + "_conflict() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF (SELECT on_insert FROM " + table + "_fail) THEN RAISE EXCEPTION 'could not serialize access"
                + " due to concurrent update' USING ERRCODE = 'serialization_failure'; END IF; RETURN NEW; END $$;"
                + " CREATE TRIGGER conflict BEFORE INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION " + table
                + "_conflict()");
        List<SinkRecord> batch = List.of(PointMapperTest.record(1, "{\"id\":\"1\",\"vector\":[1,2]}"),
                PointMapperTest.record(2, "{\"id\":\"2\",\"vector\":[3,4]}"));
        sink.processBatch(batch);
        assertThatThrownBy(sink::flush).isInstanceOf(RetryableException.class)
                .hasMessageStartingWith("pgvector route /default/vectors → " + table + ": upserting 2 row(s) failed (SQLSTATE"
                        + " 40001): ERROR: could not serialize access due to concurrent update");
        assertThat(ids(table)).isEmpty();

        pg.execute("UPDATE " + table + "_fail SET on_insert = false");
        sink.processBatch(batch);
        sink.flush();
        assertThat(ids(table)).containsExactly("1", "2");
    }

    @Test
    void aLostConnectionIsRetryableAndTheRowsLandOnceItIsBack() {
        String table = PgLiteServer.uniqueTable("pgv_conn");
        try (TcpProxy proxy = TcpProxy.start("127.0.0.1", pg.port())) {
            PgVectorSink sink = start(route(table, 2), PgLiteServer.jdbcUrl(proxy.port()));
            sink.processBatch(List.of(PointMapperTest.record(1, "{\"id\":\"1\",\"vector\":[1,2]}")));
            sink.flush();

            proxy.cut();
            sink.processBatch(List.of(PointMapperTest.record(2, "{\"id\":\"2\",\"vector\":[3,4]}")));
            assertThatThrownBy(sink::flush).isInstanceOf(RetryableException.class)
                    .hasMessageStartingWith("pgvector route /default/vectors → " + table + ": upserting 1 row(s)"
                            + " failed");
            assertThatThrownBy(sink::healthCheck).isInstanceOf(RetryableException.class);

            proxy.restore();
            sink.processBatch(List.of(PointMapperTest.record(2, "{\"id\":\"2\",\"vector\":[3,4]}")));
            sink.flush();
            assertThat(ids(table)).containsExactly("1", "2");
        }
    }

    @Test
    void anExistingTableMustFitTheRoute() {
        String missing = PgLiteServer.uniqueTable("pgv_missing");
        Map<String, Object> noCreate = route(missing, 3);
        noCreate.put("auto_create_collection", false);
        assertThatThrownBy(() -> start(noCreate)).isInstanceOf(ConfigurationException.class)
                .hasMessage("pgvector route /default/vectors → " + missing + ": table \"" + missing + "\" does not"
                        + " exist; create it (connectors/pgvector/README.md) or set auto_create_collection = true");

        String narrow = PgLiteServer.uniqueTable("pgv_narrow");
        start(route(narrow, 3)).shutdown();
        assertThatThrownBy(() -> start(route(narrow, 4))).isInstanceOf(ConfigurationException.class)
                .hasMessage("pgvector route /default/vectors → " + narrow + ": table \"" + narrow + "\": column"
                        + " embedding is vector(3), the route's vector_dimension needs vector(4)");

        String noKey = PgLiteServer.uniqueTable("pgv_nokey");
        pg.execute("CREATE TABLE " + noKey + " (id numeric(20,0), embedding vector(3), payload jsonb)");
        Map<String, Object> own = route(noKey, 3);
        own.put("auto_create_collection", false);
        assertThatThrownBy(() -> start(own)).isInstanceOf(ConfigurationException.class)
                .hasMessage("pgvector route /default/vectors → " + noKey + ": table \"" + noKey + "\" has no primary"
                        + " key or unique index on id alone, which the upsert (ON CONFLICT (id)) needs");
        pg.execute("ALTER TABLE " + noKey + " ADD PRIMARY KEY (id)");
        start(own).shutdown();
        assertThat(pg.column("SELECT count(*) FROM pg_indexes WHERE tablename = '" + noKey + "' AND indexdef LIKE"
                + " '%hnsw%'")).as("without auto_create_collection no index is added").containsExactly("0");
    }

    @Test
    void aPostgreSqlWithoutPgvectorStopsTheStartSayingSo() {
        // the machine's own PostgreSQL (no pgvector package exists for it): CREATE EXTENSION vector fails there
        com.danubemessaging.connect.testkit.LocalServers.require("PostgreSQL", "127.0.0.1", 5432,
                "pg_ctlcluster <version> main start");
        String table = PgLiteServer.uniqueTable("pgv_noext");
        assertThatThrownBy(() -> start(route(table, 3), "jdbc:postgresql://127.0.0.1:5432/postgres"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("pgvector route /default/vectors → " + table + ": the vector extension is not"
                        + " installed in this database and the login cannot create it (have a superuser run CREATE"
                        + " EXTENSION vector once): ERROR: extension \"vector\" is not available");
    }

    @Test
    void aWrongPasswordIsNotRetriedForeverAndNeverPrinted() {
        // PGlite accepts any login, so the refusal comes from an unreachable port instead: a fatal start
        Map<String, Object> route = route(PgLiteServer.uniqueTable("pgv_unreachable"), 3);
        assertThatThrownBy(() -> start(route, "jdbc:postgresql://127.0.0.1:1/postgres?password=hunter2"))
                .isInstanceOf(com.danubemessaging.connect.api.FatalException.class)
                .hasMessageStartingWith("sink-pgvector cannot prepare its tables at jdbc:postgresql://127.0.0.1:1/"
                        + "postgres?… as 'postgres'")
                .hasMessageNotContaining("hunter2");
    }
}
