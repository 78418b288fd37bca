package com.danubemessaging.connect.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every file in examples/connector-toml loads; the upstream-format ones keep their meaning. The built-in connectors'
 * own examples live in connectors/NAME/examples and are loaded by those modules' tests.
 */
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
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            LoadedConfig loaded = new ConfigLoader(Map.of()).loadFile(file);
            assertThat(loaded.config().connectorName()).as(file.toString()).isNotBlank();
        }
    }

    @Test
    void upstreamSinkFileLoadsUnchangedWithAWarningForTheMisplacedKey() {
        LoadedConfig loaded = new ConfigLoader(Map.of("SURREALDB_PASSWORD", "from-env"))
                .loadFile(EXAMPLES.resolve("sink-surrealdb.toml"));

        assertThat(loaded.warnings()).containsExactly("metrics_port: ignored at the top level; it belongs in [processing]");
        assertThat(loaded.config().processing().metricsPort()).isEqualTo(9090);
        assertThat(loaded.config().raw().at("/surrealdb/password").asText()).isEqualTo("from-env");
        assertThat(loaded.config().raw().at("/surrealdb/routes/1/storage_mode").asText()).isEqualTo("TimeSeries");
    }
}
