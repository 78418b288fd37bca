package com.danubemessaging.connect.connectors.postgrescdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** [postgres_cdc] parsing and validation, the example TOML, and the Debezium properties made from them. */
class PostgresCdcSettingsTest {

    private static PostgresCdcSettings settings(Map<String, Object> table, Map<String, String> env) {
        Map<String, Object> cdc = new HashMap<>(Map.of("host", "db", "database", "app", "user", "cdc",
                "tables", List.of("public.orders")));
        cdc.putAll(table);
        ConnectorConfig config = ConnectorConfig.builder().serviceUrl("http://x:6650").connectorName("My-CDC.1")
                .table("postgres_cdc", cdc).build();
        return PostgresCdcSettings.from(config, env);
    }

    private static PostgresCdcSettings settings(Map<String, Object> table) {
        return settings(table, Map.of());
    }

    @Test
    void defaults() {
        PostgresCdcSettings s = settings(Map.of());
        assertThat(s.port()).isEqualTo(5432);
        assertThat(s.password()).isEmpty();
        assertThat(s.sslMode()).isEqualTo("prefer");
        assertThat(s.slotName()).isEqualTo("danube_my_cdc_1");
        assertThat(s.publicationName()).isEqualTo("danube_my_cdc_1");
        assertThat(s.snapshotMode()).isEqualTo("initial");
        assertThat(s.offsetFile()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "danube-connect",
                "My-CDC.1.offsets.json"));
        assertThat(s.heartbeatIntervalMs()).isEqualTo(10_000);
        assertThat(s.decimalHandling()).isEqualTo("string");
        assertThat(s.routes()).singleElement().isEqualTo(new TableRoute(new TableName("public", "orders"),
                "/default/public-orders", List.of(), 0, true));
        assertThat(s.toString()).doesNotContain("password");
    }

    @Test
    void routesOverrideTheTemplateAndTablesWithoutSchemaAreInPublic() {
        PostgresCdcSettings s = settings(Map.of("tables", List.of("customers", "sales.items"),
                "topic", "/cdc/{table}", "partitions", 2,
                "routes", List.of(Map.of("table", "public.orders", "topic", "/shop/orders", "key",
                        List.of("region", "id"), "partitions", 4, "reliable_dispatch", false))));
        assertThat(s.routes()).containsExactly(
                new TableRoute(new TableName("public", "orders"), "/shop/orders", List.of("region", "id"), 4, false),
                new TableRoute(new TableName("public", "customers"), "/cdc/customers", List.of(), 2, true),
                new TableRoute(new TableName("sales", "items"), "/cdc/items", List.of(), 2, true));
        assertThat(DebeziumProperties.messageKeyColumns(s.routes())).isEqualTo("public\\.orders:region,id");
    }

    @Test
    void envOverridesWinOverTheFile() {
        PostgresCdcSettings s = settings(Map.of("password", "from-file"), Map.of("POSTGRES_CDC_HOST", "other",
                "POSTGRES_CDC_PORT", "6543", "POSTGRES_CDC_PASSWORD", "s3cret", "POSTGRES_CDC_USER", "u",
                "POSTGRES_CDC_DATABASE", "d"));
        assertThat(List.of(s.host(), Integer.toString(s.port()), s.user(), s.database(), s.password()))
                .containsExactly("other", "6543", "u", "d", "s3cret");
        assertThat(s.toString()).doesNotContain("s3cret");
    }

    @Test
    void badValuesNameTheKey() {
        Map<String, Object> cdc = new HashMap<>(Map.of("host", "db", "database", "app", "user", "cdc", "hots", "x",
                "routes", List.of(Map.of("table", "t", "keys", List.of("a")))));
        ConnectorConfig typo = ConnectorConfig.builder().serviceUrl("http://x:6650").connectorName("c")
                .table("postgres_cdc", cdc).build();
        PostgresCdcSettings.from(typo, Map.of());
        assertThat(typo.unknownKeys().found()).containsExactly(
                "postgres_cdc.hots: unknown key, ignored (did you mean postgres_cdc.host?)",
                "postgres_cdc.routes[0].keys: unknown key, ignored (did you mean postgres_cdc.routes[0].key?)");
        assertThatThrownBy(() -> settings(Map.of("tables", List.of()))).hasMessageContaining("postgres_cdc.tables:"
                + " no table to capture");
        assertThatThrownBy(() -> settings(Map.of("tables", List.of("a.b.c")))).hasMessageContaining("write"
                + " schema.table");
        assertThatThrownBy(() -> settings(Map.of("tables", List.of("public.Order Items"))))
                .hasMessageContaining("give the table a route with an explicit topic");
        assertThatThrownBy(() -> settings(Map.of("routes", List.of(Map.of("table", "t", "topic", "orders")))))
                .hasMessageStartingWith("postgres_cdc.routes[0].topic: must be /namespace/topic");
        assertThatThrownBy(() -> settings(Map.of("slot_name", "Bad-Slot"))).hasMessageStartingWith(
                "postgres_cdc.slot_name:");
        assertThatThrownBy(() -> settings(Map.of("snapshot_mode", "sometimes"))).hasMessageStartingWith(
                "postgres_cdc.snapshot_mode: \"sometimes\" is not one of initial, no_data, when_needed");
        assertThatThrownBy(() -> settings(Map.of("port", "x"), Map.of())).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("postgres_cdc.port");
        assertThatThrownBy(() -> settings(Map.of("host", " "))).hasMessage("postgres_cdc.host: required");
        assertThatThrownBy(() -> settings(Map.of("debezium", Map.of("lsn.flush.mode", "connector_and_driver"))))
                .hasMessageStartingWith("postgres_cdc.debezium.lsn.flush.mode: set by the connector");
        assertThatThrownBy(() -> settings(Map.of("debezium", Map.of("offset.storage", "x"))))
                .hasMessageStartingWith("postgres_cdc.debezium.offset.storage: set by the connector");
        assertThatThrownBy(() -> settings(Map.of("tables", List.of("a", "b"), "topic", "/x/same",
                "routes", List.of(Map.of("table", "c", "topic", "/x/same", "partitions", 3)))))
                .hasMessageContaining("share topic /x/same but differ in partitions");
    }

    @Test
    void debeziumPropertiesCarryTheGuaranteeAndTheUsersExtras() {
        PostgresCdcSettings s = settings(Map.of("debezium", Map.of("heartbeat.action.query",
                "UPDATE heartbeat SET ts = now()", "skipped.operations", "none")));
        Properties p = DebeziumProperties.of(s, "engine", 500);
        assertThat(p.getProperty("lsn.flush.mode")).isEqualTo("connector");
        assertThat(p.getProperty("offset.storage")).isEqualTo(DurableOffsetStore.class.getName());
        assertThat(p.getProperty("plugin.name")).isEqualTo("pgoutput");
        assertThat(p.getProperty("table.include.list")).isEqualTo("public\\.orders");
        assertThat(p.getProperty("max.batch.size")).isEqualTo("500");
        assertThat(p.getProperty("heartbeat.action.query")).isEqualTo("UPDATE heartbeat SET ts = now()");
        assertThat(p.getProperty("skipped.operations")).isEqualTo("none");
    }

    @Test
    void theExampleCustomResourceConfigValidatesAndItsSecretExists() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        Path examples = Path.of("..", "..", "examples");
        JsonNode cr = yaml.readTree(examples.resolve("source-postgres-cdc.yaml").toFile());
        assertThat(cr.at("/spec/connector").asText()).isEqualTo("postgres-cdc");
        ConnectorConfig config = ConnectorConfig.builder().serviceUrl("http://x:6650")
                .connectorName(cr.at("/metadata/name").asText()).raw(cr.at("/spec/config")).build();
        PostgresCdcSettings s = PostgresCdcSettings.from(config, Map.of());
        assertThat(s.password()).isEqualTo("${env:PGCDC_PASSWORD}"); // resolved by the runtime's loader
        assertThat(s.routes()).hasSize(3);
        String secret = cr.at("/spec/env/0/valueFrom/secretKeyRef/name").asText();
        List<String> secrets = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class)
                .readValues(examples.resolve("danube-secrets.yaml").toFile())) {
            docs.forEachRemaining(d -> secrets.add(d.at("/metadata/name").asText()));
        }
        assertThat(secrets).contains(secret);
    }

    @Test
    void theExampleLoadsAndValidates() {
        Path example = Path.of("examples", "source-postgres-cdc.toml");
        ConnectorConfig config = new ConfigLoader(Map.of("PGCDC_PASSWORD", "pw")).loadFile(example).config();
        PostgresCdcSettings s = PostgresCdcSettings.from(config, Map.of());
        assertThat(s.password()).isEqualTo("pw");
        assertThat(s.routes()).extracting(TableRoute::topic)
                .containsExactly("/shop/orders", "/shop/order-lines", "/default/public-customers");
        assertThat(s.routes().get(1).keyColumns()).containsExactly("order_id");
        assertThat(config.schemas()).singleElement().satisfies(m -> assertThat(m.schemaFile()).get()
                .satisfies(f -> assertThat(f).exists()));
    }
}
