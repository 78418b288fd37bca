package com.danubemessaging.connect.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The upstream Rust connector's example files (unchanged copies in src/test/resources/upstream) and this module's
 * examples load through the runtime's loader and the connector's own checks, with their meaning kept.
 */
class UpstreamExamplesTest {
    private static final Path UPSTREAM = Path.of("src/test/resources/upstream/source-mqtt");

    /**
     * Loads a file as the runnable would. Upstream's docker-compose mounts example/schemas at /etc/schemas; this
     * machine has no such directory, so that one prefix is pointed at the copies.
     */
    private static ConnectorConfig load(Path file, Path baseDir) throws Exception {
        String text = Files.readString(file).replace("/etc/schemas/",
                UPSTREAM.resolve("example/schemas").toAbsolutePath() + "/");
        return new ConfigLoader(Map.of()).parse(text, file.toString(), baseDir).config();
    }

    @Test
    void theUpstreamExampleLoadsWithItsRoutesAndSchemas() throws Exception {
        ConnectorConfig config = load(UPSTREAM.resolve("example/connector.toml"), UPSTREAM.resolve("example"));
        MqttSettings s = MqttSettings.from(config, Map.of());
        assertThat(s.serverUri()).isEqualTo("tcp://mosquitto:1883");
        assertThat(s.clientId()).isEqualTo("danube-connector-1");
        assertThat(s.routes()).extracting(r -> r.from() + ">" + r.to() + ":" + r.qos() + ":" + r.partitions() + ":"
                + r.reliableDispatch()).containsExactly(
                "sensors/+/zone1>/iot/sensors_zone1:AtLeastOnce:4:true",
                "devices/+/telemetry>/iot/device_telemetry:AtLeastOnce:2:true",
                "sensors/temp/#>/iot/temperature:AtLeastOnce:0:true",
                "debug/#>/iot/debug:AtMostOnce:0:false");
        assertThat(config.schemas()).extracting(m -> m.topic() + ":" + m.schemaType()).containsExactly(
                "/iot/sensors_zone1:json_schema", "/iot/device_telemetry:json_schema", "/iot/debug:string");
        MqttSource source = new MqttSource(Map.of());
        source.initialize(config);
        assertThat(source.producerConfigs()).hasSize(4);
    }

    @Test
    void theUpstreamSchemaExampleLoadsFromItsProjectDirectory() throws Exception {
        // upstream runs it from source-mqtt/, where schema_file = "example/schemas/..." resolves
        ConnectorConfig config = load(UPSTREAM.resolve("config/connector-with-schemas.toml"), UPSTREAM);
        MqttSettings s = MqttSettings.from(config, Map.of("MQTT_PASSWORD", "x", "MQTT_USERNAME", "u"));
        assertThat(s.routes()).hasSize(6);
        assertThat(config.schemas()).extracting(m -> m.schemaType())
                .containsExactly("json_schema", "json_schema", "string", "bytes", "number");
        assertThat(config.processing().batchSize()).isEqualTo(100);
    }

    @Test
    void thisModulesExamplesLoad() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("examples"))) {
            files = list.filter(p -> p.toString().endsWith(".toml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            ConnectorConfig config = new ConfigLoader(Map.of("MQTT_USERNAME", "u", "MQTT_PASSWORD", "p"))
                    .loadFile(file).config();
            MqttSettings s = MqttSettings.from(config, Map.of());
            assertThat(s.routes()).as(file.toString()).isNotEmpty();
        }
    }
}
