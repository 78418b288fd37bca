package com.danubemessaging.connect.connectors.clickhouse;

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
import org.junit.jupiter.api.Test;

/** The [clickhouse] table: defaults, env overrides, the example files, and a clear error for each bad key. */
class ClickHouseSettingsTest {

    private static ClickHouseSettings settings(Map<String, Object> clickhouse, Map<String, String> env) {
        return ClickHouseSettings.from(ConnectorConfig.builder().serviceUrl("http://localhost:6650")
                .connectorName("ch").table("clickhouse", clickhouse).build(), env);
    }

    private static Map<String, Object> table(Map<String, Object> route) {
        Map<String, Object> t = new HashMap<>();
        t.put("url", "http://ch:8123");
        t.put("routes", List.of(route));
        return t;
    }

    private static Map<String, Object> route(Map<String, Object> extra) {
        Map<String, Object> r = new HashMap<>(Map.of("from", "/default/a", "subscription", "s", "to", "t"));
        r.putAll(extra);
        return r;
    }

    @Test
    void defaultsFollowTheDocs() {
        ClickHouseSettings s = settings(table(route(Map.of())), Map.of());
        assertThat(s.database()).isEqualTo("default");
        assertThat(s.username()).isEqualTo("default");
        assertThat(s.password()).isEmpty();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.deduplicationToken()).isEqualTo(ClickHouseSettings.TokenMode.AUTO);
        ClickHouseRoute r = s.routes().get(0);
        assertThat(r.qualifiedTable()).isEqualTo("default.t");
        assertThat(r.createTable()).isFalse();
        assertThat(r.includeDanubeMetadata()).isFalse();
        assertThat(r.engine()).isEqualTo("MergeTree");
        assertThat(r.orderBy()).isEqualTo("tuple()");
        assertThat(r.source().consumerConfig())
                .isEqualTo(ConsumerConfig.of("/default/a", "ch-s", "s", SubscriptionType.SHARED));
        assertThat(settings(table(route(Map.of("include_danube_metadata", true))), Map.of()).routes().get(0))
                .extracting(ClickHouseRoute::engine, ClickHouseRoute::orderBy)
                .containsExactly("ReplacingMergeTree", "(_danube_topic, _danube_offset, _danube_publish_time)");
    }

    @Test
    void envOverridesWinAndThePasswordNeverPrints() {
        Map<String, Object> t = table(route(Map.of("to", "db2.orders")));
        t.put("password", "from-file");
        ClickHouseSettings s = settings(t, Map.of("CLICKHOUSE_URL", "https://other:8443",
                "CLICKHOUSE_USERNAME", "u", "CLICKHOUSE_PASSWORD", "s3cret", "CLICKHOUSE_DATABASE", "analytics"));
        assertThat(s.url()).isEqualTo("https://other:8443");
        assertThat(s.username()).isEqualTo("u");
        assertThat(s.password()).isEqualTo("s3cret");
        assertThat(s.database()).isEqualTo("analytics");
        assertThat(s.routes().get(0).qualifiedTable()).as("a qualified `to` keeps its database")
                .isEqualTo("db2.orders");
        assertThat(s.toString()).doesNotContain("s3cret").contains("password=<set>");
    }

    @Test
    void eachBadKeyIsNamed() {
        assertThatThrownBy(() -> settings(Map.of("routes", List.of(route(Map.of()))), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("clickhouse.url: required (or env CLICKHOUSE_URL)");
        Map<String, Object> badUrl = table(route(Map.of()));
        badUrl.put("url", "ch:8123");
        assertThatThrownBy(() -> settings(badUrl, Map.of())).hasMessageStartingWith("clickhouse.url: must be http://");
        // unknown keys are warned about, not refused, as danube-connect-core ignores them (ConfigTableTest)
        Map<String, Object> typo = table(route(Map.of("table", "x")));
        typo.put("batchsize", 5);
        assertThat(settings(typo, Map.of()).routes()).hasSize(1);
        assertThatThrownBy(() -> settings(table(route(Map.of("to", "my-table"))), Map.of()))
                .hasMessageStartingWith("clickhouse.routes[0].to: \"my-table\" is not a plain ClickHouse identifier");
        assertThatThrownBy(() -> settings(table(route(Map.of("create_table", true))), Map.of()))
                .hasMessageStartingWith("clickhouse.routes[0].create_table: creating the table needs field_mappings");
        assertThatThrownBy(() -> settings(table(route(Map.of("create_table", true, "field_mappings",
                List.of(Map.of("json_path", "a", "column", "a"))))), Map.of()))
                .hasMessageStartingWith("clickhouse.routes[0].field_mappings[0].data_type: required when create_table");
        assertThatThrownBy(() -> settings(table(route(Map.of("field_mappings",
                List.of(Map.of("json_path", "a..b", "column", "a"))))), Map.of()))
                .hasMessage("clickhouse.routes[0].field_mappings[0].json_path: \"a..b\" is not a dotted JSON path"
                        + " such as \"a.b.c\"");
        Map<String, Object> twice = table(route(Map.of()));
        twice.put("routes", List.of(route(Map.of()), route(Map.of("to", "u"))));
        assertThatThrownBy(() -> settings(twice, Map.of())).hasMessage("clickhouse.routes[1].from: topic /default/a"
                + " is already read by clickhouse.routes[0]; a topic can feed one route only");
        Map<String, Object> token = table(route(Map.of()));
        token.put("deduplication_token", "sometimes");
        assertThatThrownBy(() -> settings(token, Map.of())).hasMessage("clickhouse.deduplication_token: must be one"
                + " of [always, auto, never], got \"sometimes\"");
    }

    @Test
    void theExampleTomlAndTheExampleCustomResourceValidate() {
        var toml = new ConfigLoader(Map.of()).loadFile(Path.of("examples", "sink-clickhouse.toml")).config();
        ClickHouseSettings fromToml = ClickHouseSettings.from(toml, Map.of());
        assertThat(fromToml.password()).isEmpty();
        assertThat(fromToml.routes()).singleElement().satisfies(r -> {
            assertThat(r.createTable()).isTrue();
            assertThat(r.engine()).isEqualTo("ReplacingMergeTree");
            assertThat(r.mappings()).hasSize(5);
        });
        assertThat(toml.retry().maxRetries()).isEqualTo(10);

        ClickHouseSettings fromCr = ClickHouseSettings.from(ExampleResources.connectorConfig(
                ExampleResources.examplesDir().resolve("sink-clickhouse.yaml")), Map.of("CLICKHOUSE_PASSWORD", "pw"));
        assertThat(fromCr.url()).isEqualTo("http://clickhouse.analytics.svc.cluster.local:8123");
        assertThat(fromCr.routes().get(0).mappings()).extracting(m -> m.column())
                .containsExactly("order_id", "customer", "amount", "created_at", "note");
    }
}
