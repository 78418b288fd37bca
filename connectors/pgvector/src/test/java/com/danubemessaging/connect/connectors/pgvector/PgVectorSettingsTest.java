package com.danubemessaging.connect.connectors.pgvector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.SubscriptionType;
import com.danubemessaging.connect.connectors.common.ExampleResources;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The [pgvector] table: defaults, env overrides, the example files, and a clear error for each bad key. */
class PgVectorSettingsTest {

    private static PgVectorSettings settings(Map<String, Object> pgvector, Map<String, String> env) {
        return PgVectorSettings.from(ConnectorConfig.builder().serviceUrl("http://localhost:6650")
                .connectorName("pgv").table("pgvector", pgvector).build(), env);
    }

    private static Map<String, Object> table(Map<String, Object> route) {
        Map<String, Object> t = new HashMap<>();
        t.put("url", "jdbc:postgresql://db:5432/vectors");
        t.put("routes", List.of(route));
        return t;
    }

    private static Map<String, Object> route(Map<String, Object> extra) {
        Map<String, Object> r = new HashMap<>(Map.of("from", "/default/a", "subscription", "s", "to", "docs",
                "vector_dimension", 384));
        r.putAll(extra);
        return r;
    }

    @Test
    void defaultsFollowSinkQdrant() {
        PgVectorSettings s = settings(table(route(Map.of())), Map.of());
        assertThat(s.username()).isEqualTo("postgres");
        assertThat(s.password()).isNull();
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
        PgVectorRoute r = s.routes().get(0);
        assertThat(r.dimension()).isEqualTo(384);
        assertThat(r.distance()).isEqualTo(Distance.COSINE);
        assertThat(r.autoCreate()).isTrue();
        assertThat(r.includeDanubeMetadata()).isTrue();
        assertThat(r.schema()).isEmpty();
        assertThat(r.sqlTable()).isEqualTo("\"docs\"");
        assertThat(r.source().consumerConfig())
                .isEqualTo(ConsumerConfig.of("/default/a", "pgv-s", "s", SubscriptionType.SHARED));
        PgVectorRoute other = settings(table(route(Map.of("to", "search.Docs", "distance", "euclid",
                "auto_create_collection", false, "include_danube_metadata", "false", "subscription_type",
                "Exclusive"))), Map.of()).routes().get(0);
        assertThat(other.schema()).isEqualTo(Optional.of("search"));
        assertThat(other.sqlTable()).isEqualTo("\"search\".\"Docs\"");
        assertThat(other.distance()).isEqualTo(Distance.EUCLID);
        assertThat(other.autoCreate()).isFalse();
        assertThat(other.includeDanubeMetadata()).isFalse();
        assertThat(other.source().subscriptionType()).isEqualTo(SubscriptionType.EXCLUSIVE);
    }

    @Test
    void envOverridesWinAndThePasswordNeverPrints() {
        Map<String, Object> t = table(route(Map.of()));
        t.put("password", "from-file");
        PgVectorSettings s = settings(t, Map.of("PGVECTOR_URL", "jdbc:postgresql://other:5433/v?password=s3cret",
                "PGVECTOR_USERNAME", "u", "PGVECTOR_PASSWORD", "hunter2"));
        assertThat(s.url()).isEqualTo("jdbc:postgresql://other:5433/v?password=s3cret");
        assertThat(s.username()).isEqualTo("u");
        assertThat(s.password()).isEqualTo("hunter2");
        assertThat(s.toString()).doesNotContain("hunter2").doesNotContain("s3cret").contains("password=<set>")
                .contains("url=jdbc:postgresql://other:5433/v?…");
    }

    @Test
    void eachBadKeyIsNamed() {
        assertThatThrownBy(() -> settings(Map.of("routes", List.of(route(Map.of()))), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("pgvector.url: required (or env PGVECTOR_URL)");
        Map<String, Object> badUrl = table(route(Map.of()));
        badUrl.put("url", "postgres://db/vectors?password=x");
        assertThatThrownBy(() -> settings(badUrl, Map.of())).hasMessage("pgvector.url: must be"
                + " jdbc:postgresql://host:port/database, got \"postgres://db/vectors?…\"");
        Map<String, Object> noDimension = route(Map.of());
        noDimension.remove("vector_dimension");
        assertThatThrownBy(() -> settings(table(noDimension), Map.of()))
                .hasMessage("pgvector.routes[0].vector_dimension: required (the length of every vector, e.g. 384)");
        assertThatThrownBy(() -> settings(table(route(Map.of("vector_dimension", 0))), Map.of()))
                .hasMessage("pgvector.routes[0].vector_dimension: must be between 1 and 16000, got 0");
        assertThatThrownBy(() -> settings(table(route(Map.of("vector_dimension", 3072))), Map.of()))
                .hasMessageStartingWith("pgvector.routes[0].vector_dimension: 3072 is more than the 2000 dimensions an"
                        + " HNSW index on a vector column covers");
        assertThat(settings(table(route(Map.of("vector_dimension", 3072, "auto_create_collection", false))),
                Map.of()).routes().get(0).dimension()).isEqualTo(3072);
        assertThatThrownBy(() -> settings(table(route(Map.of("distance", "Hamming"))), Map.of()))
                .hasMessage("pgvector.routes[0].distance: must be one of [Cosine, Euclid, Dot, Manhattan], got"
                        + " \"Hamming\"");
        assertThatThrownBy(() -> settings(table(route(Map.of("to", "my-table"))), Map.of()))
                .hasMessageStartingWith("pgvector.routes[0].to: \"my-table\" is not a table name");
        Map<String, Object> twice = table(route(Map.of()));
        twice.put("routes", List.of(route(Map.of()), route(Map.of("to", "other"))));
        assertThatThrownBy(() -> settings(twice, Map.of())).hasMessage("pgvector.routes[1].from: topic /default/a"
                + " is already read by pgvector.routes[0]; a topic can feed one route only");
        Map<String, Object> none = table(route(Map.of()));
        none.put("routes", List.of());
        assertThatThrownBy(() -> settings(none, Map.of()))
                .hasMessage("pgvector.routes: at least one [[pgvector.routes]] is required");
        // unknown keys are warned about, not refused, as danube-connect-core ignores them (ConfigTableTest)
        Map<String, Object> typo = table(route(Map.of("vector_dimensions", 3)));
        typo.put("api_key", "x");
        assertThat(settings(typo, Map.of()).routes()).hasSize(1);
    }

    @Test
    void theExampleTomlAndTheExampleCustomResourceValidate() {
        var toml = new ConfigLoader(Map.of()).loadFile(Path.of("examples", "sink-pgvector.toml")).config();
        PgVectorSettings fromToml = PgVectorSettings.from(toml, Map.of());
        assertThat(fromToml.password()).as("${env:PGVECTOR_PASSWORD:-} without the variable").isEmpty();
        assertThat(fromToml.routes()).singleElement().satisfies(r -> {
            assertThat(r.dimension()).isEqualTo(384);
            assertThat(r.distance()).isEqualTo(Distance.COSINE);
            assertThat(r.autoCreate()).isTrue();
            assertThat(r.label()).isEqualTo("/default/embeddings → documents");
        });
        assertThat(toml.retry().maxRetries()).isEqualTo(10);
        assertThat(toml.processing().batchSize()).isEqualTo(500);

        PgVectorSettings fromCr = PgVectorSettings.from(ExampleResources.connectorConfig(
                ExampleResources.examplesDir().resolve("sink-pgvector.yaml")), Map.of("PGVECTOR_PASSWORD", "pw"));
        assertThat(fromCr.url()).isEqualTo("jdbc:postgresql://postgres.vectors.svc.cluster.local:5432/vectors");
        assertThat(fromCr.password()).isEqualTo("pw");
        assertThat(fromCr.routes()).singleElement().extracting(PgVectorRoute::label)
                .isEqualTo("/default/embeddings → documents");
    }
}
