package com.danubemessaging.connect.connectors.file;

import com.danubemessaging.connect.runtime.RuntimeHarness;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh testkit broker (Danube's defaults) per test, and the file connectors started from TOML against it. */
abstract class FileConnectorsTestBase {

    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    DanubeTestBroker broker;
    final List<RuntimeHarness> running = new ArrayList<>();

    @BeforeEach
    void startBroker() {
        broker = DanubeTestBroker.builder().build().start();
    }

    @AfterEach
    void stopAll() {
        running.forEach(RuntimeHarness::close);
        broker.close();
    }

    RuntimeHarness start(String id, String toml) {
        RuntimeHarness connector = RunningConnector.start(id, toml, dir);
        running.add(connector);
        return connector;
    }

    /** A source-file TOML reading {@code input} into {@code topic}; {@code fileKeys} are added to {@code [file]}. */
    String sourceToml(String name, String topic, Path input, String fileKeys) {
        return """
                danube_service_url = "%s"
                connector_name = "%s"

                [processing]
                batch_size = 50
                poll_interval_ms = 20
                metrics_port = 0

                [file]
                path = "%s"
                topic = "%s"
                %s
                """.formatted(broker.serviceUrl(), name, input, topic, fileKeys);
    }

    /** A sink-file TOML on subscription {@code {name}-sub}; {@code fileKeys} are added to {@code [file]}. */
    String sinkToml(String name, String topic, Path output, String fileKeys) {
        return """
                danube_service_url = "%s"
                connector_name = "%s"

                [processing]
                batch_size = 10
                batch_timeout_ms = 50
                metrics_port = 0

                [file]
                path = "%s"
                topic = "%s"
                subscription = "%s-sub"
                %s
                """.formatted(broker.serviceUrl(), name, output, topic, name, fileKeys);
    }

    static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }
}
