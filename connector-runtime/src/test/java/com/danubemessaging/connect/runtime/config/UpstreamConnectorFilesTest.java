package com.danubemessaging.connect.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConnectorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code connector.toml} of upstream's danube-connectors (unchanged copies, see
 * src/test/resources/upstream/README.md, plus the source-mqtt and source-webhook copies of those modules) loads
 * through the runtime's loader as danube-connect-core 0.5 loads it: the core keys are read, the connector's tables
 * are left to the connector, and the only findings are the keys upstream's files carry that the core never had.
 */
class UpstreamConnectorFilesTest {

    private static final List<Path> ROOTS = List.of(Path.of("src/test/resources/upstream"),
            Path.of("../connectors/mqtt/src/test/resources/upstream"),
            Path.of("../connectors/webhook/src/test/resources/upstream"));

    /** Upstream's compose files mount the example schemas at /etc/schemas; that prefix points at the copies. */
    private static String text(Path file) throws IOException {
        Path project = file.getParent().getParent();
        return Files.readString(file).replace("/etc/schemas/", project.resolve("example/schemas").toAbsolutePath()
                + "/");
    }

    /**
     * Relative schema_file paths resolve where upstream's files expect them: beside the file when a schemas
     * directory is there (source-webhook/config), else in the project directory upstream runs from.
     */
    private static LoadedConfig load(Path file, Map<String, String> env) throws IOException {
        Path baseDir = Files.isDirectory(file.getParent().resolve("schemas")) ? file.getParent()
                : file.getParent().getParent();
        return new ConfigLoader(env).parse(text(file), file.toString(), baseDir);
    }

    private static String name(Path file) {
        String path = file.normalize().toString().replace('\\', '/');
        return path.substring(path.indexOf("upstream/") + "upstream/".length());
    }

    private static List<Path> files() throws IOException {
        List<Path> files = new java.util.ArrayList<>();
        for (Path root : ROOTS) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".toml")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    @Test
    void everyUpstreamFileLoadsAndOnlyTheKeysTheCoreNeverHadAreReported() throws IOException {
        List<Path> files = files();
        assertThat(files).hasSize(15);
        Map<String, List<String>> findings = new TreeMap<>();
        for (Path file : files) {
            LoadedConfig loaded = load(file, Map.of());
            ConnectorConfig config = loaded.config();
            assertThat(config.connectorName()).as(file.toString()).isNotBlank();
            assertThat(config.serviceUrl()).as(file.toString()).startsWith("http://");
            if (!loaded.warnings().isEmpty()) {
                findings.put(name(file), loaded.warnings());
            }
        }
        List<String> retryKeys = List.of("retry.initial_interval_ms: unknown key, ignored",
                "retry.max_interval_ms: unknown key, ignored");
        // the keys upstream's own files carry that danube-connect-core never had: ignored there, reported here
        List<String> rootMetricsPort = List.of("metrics_port: ignored at the top level; it belongs in [processing]");
        assertThat(findings).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "sink-deltalake/example/connector.toml", rootMetricsPort,
                "sink-surrealdb/config/connector.toml", rootMetricsPort,
                "source-webhook/config/connector-no-schemas.toml", retryKeys,
                "source-webhook/config/connector.toml", retryKeys,
                "source-webhook/example/connector.toml", retryKeys)));
    }

    @Test
    void strictModeRefusesTheFilesWithFindingsAndOnlyThose() throws IOException {
        int refused = 0;
        for (Path file : files()) {
            Map<String, String> strict = Map.of(RuntimeEnv.STRICT_CONFIG, "true");
            if (load(file, Map.of()).warnings().isEmpty()) {
                assertThat(load(file, strict).config().unknownKeys().isStrict()).isTrue();
            } else {
                refused++;
                assertThatThrownBy(() -> load(file, strict)).isInstanceOf(ConfigValidationException.class)
                        .hasMessageContaining("[DANUBE_CONNECT_STRICT_CONFIG=true]");
            }
        }
        assertThat(refused).isEqualTo(5);
    }

    @Test
    void theSchemasOfTheUpstreamFilesKeepTheirMeaning() throws IOException {
        LoadedConfig qdrant = load(Path.of("src/test/resources/upstream/sink-qdrant/config/connector.toml"), Map.of());
        assertThat(qdrant.config().processing().batchSize()).isEqualTo(100);
        assertThat(qdrant.config().retry().maxBackoffMs()).isEqualTo(30000);
        assertThat(qdrant.config().raw().at("/qdrant/routes/0/vector_dimension").asInt()).isEqualTo(384);
        LoadedConfig surreal = load(Path.of("src/test/resources/upstream/sink-surrealdb/example/connector.toml"),
                Map.of());
        assertThat(surreal.config().raw().at("/surrealdb/routes/0/storage_mode").asText()).isEqualTo("Document");
    }
}
