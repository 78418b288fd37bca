package com.danubemessaging.connect.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.VersionStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every file in examples/connector-toml loads; the upstream-format ones keep their meaning. */
class ExampleConfigsTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "connector-toml");

    private static LoadedConfig load(String name) {
        return new ConfigLoader(Map.of()).loadFile(EXAMPLES.resolve(name));
    }

    @Test
    void everyExampleLoads() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            files = list.filter(p -> p.toString().endsWith(".toml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (Path file : files) {
            LoadedConfig loaded = new ConfigLoader(Map.of()).loadFile(file);
            assertThat(loaded.config().connectorName()).as(file.toString()).isNotBlank();
        }
    }

    @Test
    void mqttSourceExampleKeepsItsSchemasAndRoutes() {
        ConnectorConfig config = load("source-mqtt.toml").config();

        assertThat(config.connectorName()).isEqualTo("mqtt-iot-source");
        assertThat(config.schemas()).hasSize(3);
        assertThat(config.schemas().get(0).schemaType()).isEqualTo("json_schema");
        assertThat(config.schemas().get(0).schemaFile()).hasValueSatisfying(p -> assertThat(p).exists());
        assertThat(config.schemas().get(1).versionStrategy()).isEqualTo(VersionStrategy.minimum(1));
        assertThat(config.schemas().get(2).schemaFile()).isEmpty();
        assertThat(config.raw().at("/mqtt/routes/0/to").asText()).isEqualTo("/iot/temperature");
        assertThat(config.raw().at("/mqtt/password").asText()).isEmpty();
    }

    @Test
    void webhookExampleHasTheDeadLetterTopic() {
        ConnectorConfig config = load("source-webhook.toml").config();

        assertThat(config.processing().deadLetterTopic()).contains("/default/webhook-dead-letter");
        assertThat(config.processing().batchSize()).isEqualTo(100);
        assertThat(config.schemas().get(0).schemaType()).isEqualTo("avro");
        assertThat(config.schemas().get(0).versionStrategy()).isEqualTo(VersionStrategy.pinned(1));
    }

    @Test
    void upstreamSinkFileLoadsUnchangedWithAWarningForTheMisplacedKey() {
        LoadedConfig loaded = new ConfigLoader(Map.of("SURREALDB_PASSWORD", "from-env"))
                .loadFile(EXAMPLES.resolve("sink-surrealdb.toml"));

        assertThat(loaded.warnings()).containsExactly("metrics_port at the top level is ignored; it belongs in [processing]");
        assertThat(loaded.config().processing().metricsPort()).isEqualTo(9090);
        assertThat(loaded.config().raw().at("/surrealdb/password").asText()).isEqualTo("from-env");
        assertThat(loaded.config().raw().at("/surrealdb/routes/1/storage_mode").asText()).isEqualTo("TimeSeries");
    }
}
