package com.danubemessaging.connect.connectors.deltalake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.SubscriptionType;
import com.danubemessaging.connect.connectors.common.ExampleResources;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** The [deltalake] table: Rust keys and defaults, env overrides, S3 mapping, examples, and each bad key named. */
class DeltaLakeSettingsTest {

    private static DeltaLakeSettings settings(Map<String, Object> deltalake, Map<String, String> env) {
        return DeltaLakeSettings.from(ConnectorConfig.builder().serviceUrl("http://localhost:6650")
                .connectorName("delta").table("deltalake", deltalake).build(), env);
    }

    private static Map<String, Object> table(Map<String, Object> extra, Map<String, Object> routeExtra) {
        Map<String, Object> route = new HashMap<>(Map.of("from", "/default/a", "subscription", "s", "to", "/tmp/t",
                "field_mappings", List.of(Map.of("json_path", "id", "column", "id", "data_type", "Int64"))));
        route.putAll(routeExtra);
        Map<String, Object> t = new HashMap<>(extra);
        t.put("routes", List.of(route));
        return t;
    }

    @Test
    void defaultsFollowTheRustSink() {
        DeltaLakeSettings s = settings(table(Map.of(), Map.of()), Map.of());
        assertThat(s.storageBackend()).isEqualTo("local");
        DeltaRoute r = s.routes().get(0);
        assertThat(r.createTable()).isTrue();
        assertThat(r.includeDanubeMetadata()).isFalse();
        assertThat(r.columns().get(0).nullable()).isTrue();
        assertThat(r.applicationId()).isEqualTo("danube-connect:s");
        assertThat(r.source().consumerConfig())
                .isEqualTo(ConsumerConfig.of("/default/a", "delta-s", "s", SubscriptionType.SHARED));
    }

    @Test
    void s3KeysBecomeS3aSettingsAndEnvOverridesWin() {
        Map<String, Object> s3 = new HashMap<>(Map.of("storage_backend", "s3", "s3_region", "eu-west-1",
                "s3_endpoint", "http://minio:9000", "s3_allow_http", true,
                "hadoop", Map.of("fs.s3a.connection.maximum", 7)));
        DeltaLakeSettings s = settings(table(s3, Map.of()), Map.of("AWS_REGION", "us-east-2",
                "S3_ENDPOINT", "http://other:9000"));
        Configuration conf = StorageConfiguration.hadoop(s);
        assertThat(conf.get("fs.s3a.endpoint.region")).isEqualTo("us-east-2");
        assertThat(conf.get("fs.s3a.endpoint")).isEqualTo("http://other:9000");
        assertThat(conf.getBoolean("fs.s3a.path.style.access", false)).isTrue();
        assertThat(conf.getBoolean("fs.s3a.connection.ssl.enabled", true)).isFalse();
        assertThat(conf.get("fs.s3a.connection.maximum")).isEqualTo("7");
        assertThat(StorageConfiguration.tableLocation("s3://bucket/events")).isEqualTo("s3a://bucket/events");
        assertThat(StorageConfiguration.tableLocation("/data/../data/t")).isEqualTo("file:///data/t");
        assertThat(s.toString()).contains("hadoop keys=[fs.s3a.connection.maximum]").doesNotContain("=7");
    }

    @Test
    void dataTypesMapToDeltaTypes() {
        assertThat(DeltaType.parse("UInt8", "k").delta()).isEqualTo(ShortType.SHORT);
        assertThat(DeltaType.parse("UInt32", "k").delta()).isEqualTo(LongType.LONG);
        assertThat(DeltaType.parse("UInt64", "k").delta()).isEqualTo(new DecimalType(20, 0));
        assertThat(DeltaType.parse("decimal( 12 , 2 )", "k").delta()).isEqualTo(new DecimalType(12, 2));
        assertThatThrownBy(() -> DeltaType.parse("Decimal(40,2)", "k")).hasMessage("k: Decimal(40,2) needs"
                + " 1 <= precision <= 38 and scale <= precision");
    }

    @Test
    void eachBadKeyIsNamed() {
        assertThatThrownBy(() -> settings(table(Map.of("storage_backend", "azure"), Map.of()), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("deltalake.storage_backend: \"azure\" is not built in");
        assertThatThrownBy(() -> settings(table(Map.of("storage_backend", "s3"), Map.of()), Map.of()))
                .hasMessage("deltalake.s3_region: required when storage_backend = \"s3\" (or env AWS_REGION)");
        assertThatThrownBy(() -> settings(table(Map.of("storage_backend", "s3", "s3_region", "r",
                "s3_endpoint", "http://minio:9000"), Map.of()), Map.of()))
                .hasMessage("deltalake.s3_endpoint: http://minio:9000 is plain HTTP; set s3_allow_http = true to"
                        + " allow it");
        assertThatThrownBy(() -> settings(table(Map.of(), Map.of("write_mode", "overwrite")), Map.of()))
                .hasMessageStartingWith("deltalake.routes[0].write_mode: \"overwrite\"");
        assertThatThrownBy(() -> settings(table(Map.of(), Map.of("field_mappings", List.of())), Map.of()))
                .hasMessageStartingWith("deltalake.routes[0].field_mappings: required");
        assertThatThrownBy(() -> settings(table(Map.of(), Map.of("field_mappings", List.of(
                Map.of("json_path", "id", "column", "id")))), Map.of()))
                .hasMessage("deltalake.routes[0].field_mappings[0].data_type: required (Utf8, Int64, Timestamp, …)");
        assertThatThrownBy(() -> settings(table(Map.of(), Map.of("field_mappings", List.of(
                Map.of("json_path", "id", "column", "id", "data_type", "Int128")))), Map.of()))
                .hasMessageStartingWith("deltalake.routes[0].field_mappings[0].data_type: unknown data_type"
                        + " \"Int128\"");
        // a misspelt key is warned about and ignored (ConfigTableTest): the mapping keeps its default nullable
        assertThat(settings(table(Map.of(), Map.of("field_mappings", List.of(Map.of("json_path", "id", "column", "id",
                "data_type", "Int64", "nulable", false)))), Map.of()).routes().get(0).columns().get(0).nullable())
                .isTrue();
        assertThatThrownBy(() -> settings(table(Map.of(), Map.of("include_danube_metadata", true,
                "field_mappings", List.of(Map.of("json_path", "m", "column", "_danube_metadata",
                        "data_type", "Utf8")))), Map.of()))
                .hasMessage("deltalake.routes[0].field_mappings[0].column: \"_danube_metadata\" is written by"
                        + " include_danube_metadata");
    }

    @Test
    void theExamplesValidate() {
        for (String file : List.of("sink-deltalake.toml", "sink-deltalake-s3.toml")) {
            var config = new ConfigLoader(Map.of()).loadFile(Path.of("examples", file)).config();
            DeltaLakeSettings s = DeltaLakeSettings.from(config, Map.of());
            assertThat(s.routes()).as(file).hasSize(1);
        }
        DeltaLakeSettings s3 = DeltaLakeSettings.from(new ConfigLoader(Map.of())
                .loadFile(Path.of("examples", "sink-deltalake-s3.toml")).config(), Map.of());
        assertThat(StorageConfiguration.hadoop(s3).get("fs.s3a.aws.credentials.provider"))
                .isEqualTo("software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider");
        DeltaLakeSettings cr = DeltaLakeSettings.from(ExampleResources.connectorConfig(
                ExampleResources.examplesDir().resolve("sink-deltalake.yaml")), Map.of());
        assertThat(cr.storageBackend()).isEqualTo("s3");
        assertThat(cr.routes().get(0).columns()).extracting(DeltaColumn::name)
                .containsExactly("event_id", "event_type", "user_id", "amount", "event_time");
    }

    /**
     * upstream's sink-deltalake files (unchanged copies in connector-runtime's test resources, see the README there)
     * load through the runtime's loader and this connector's checks. The Azure and GCS files load too, but this
     * sink has no built-in filesystem for them and says so by key (a missing feature, not a config difference).
     */
    @Test
    void upstreamFilesLoadWithTheirRoutes() throws Exception {
        Path dir = Path.of("../../connector-runtime/src/test/resources/upstream/sink-deltalake");
        Map<String, List<String>> findings = new java.util.TreeMap<>();
        for (String name : List.of("config/connector-s3-minio.toml", "example/connector.toml")) {
            ConnectorConfig config = new ConfigLoader(Map.of()).loadFile(dir.resolve(name)).config();
            DeltaLakeSettings s = DeltaLakeSettings.from(config, Map.of());
            com.danubemessaging.connect.runtime.config.UnknownKeysReport.afterInitialize(config);
            assertThat(s.routes()).as(name).isNotEmpty();
            findings.put(name, config.unknownKeys().found());
        }
        assertThat(findings).containsOnlyKeys("config/connector-s3-minio.toml", "example/connector.toml");
        assertThat(findings.get("config/connector-s3-minio.toml")).isEmpty();
        assertThat(findings.get("example/connector.toml"))
                .containsExactly("metrics_port: ignored at the top level; it belongs in [processing]");
        for (String backend : List.of("azure", "gcs")) {
            ConnectorConfig config = new ConfigLoader(Map.of())
                    .loadFile(dir.resolve("config/connector-" + backend + ".toml")).config();
            assertThatThrownBy(() -> DeltaLakeSettings.from(config, Map.of()))
                    .hasMessageStartingWith("deltalake.storage_backend: \"" + backend + "\" is not built in");
        }
    }
}
