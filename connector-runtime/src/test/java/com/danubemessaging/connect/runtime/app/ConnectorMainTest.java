package com.danubemessaging.connect.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.runtime.config.RuntimeEnv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up paths of the runnable that end before anything connects (in-process, exit code returned). */
class ConnectorMainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>();
    private Path terminationLog;

    @BeforeEach
    void environment() {
        terminationLog = dir.resolve("termination-log");
        env.put(RuntimeEnv.TERMINATION_LOG, terminationLog.toString());
    }

    private int run(String... args) {
        return new ConnectorMain(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path validToml() throws IOException {
        return Files.writeString(dir.resolve("ok.toml"),
                "danube_service_url = \"http://127.0.0.1:6650\"\nconnector_name = \"c\"\n");
    }

    @Test
    void helpExplainsEveryVariableAndFlag() {
        assertThat(run("--help")).isEqualTo(ConnectorMain.EXIT_OK);
        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(help).contains("--connector", "--config", "--help");
        for (String variable : new String[] {RuntimeEnv.CONNECTOR_CONFIG_PATH, RuntimeEnv.DANUBE_CONNECTOR,
                RuntimeEnv.DANUBE_SERVICE_URL, RuntimeEnv.CONNECTOR_NAME, RuntimeEnv.INSTANCE_ID, RuntimeEnv.DANUBE_TOKEN,
                RuntimeEnv.DANUBE_TOKEN_FILE, RuntimeEnv.DANUBE_TLS_CA_FILE, RuntimeEnv.DANUBE_TLS_CERT_FILE,
                RuntimeEnv.DANUBE_TLS_KEY_FILE, RuntimeEnv.LOG_LEVEL, RuntimeEnv.PLUGINS_DIR,
                RuntimeEnv.SHUTDOWN_TIMEOUT_MS, RuntimeEnv.TERMINATION_LOG, RuntimeEnv.LOG_FORMAT}) {
            assertThat(help).as(variable).contains(variable);
        }
    }

    @Test
    void badConfigExitsWithTwoAndEveryKeyOnStderrAndInTheTerminationLog() throws IOException {
        Path toml = Files.writeString(dir.resolve("bad.toml"), """
                danube_service_url = "localhost:6650"
                [processing]
                batch_size = 0
                """);
        env.put(RuntimeEnv.CONNECTOR_CONFIG_PATH, toml.toString());
        env.put(RuntimeEnv.DANUBE_CONNECTOR, "source-x");

        assertThat(run()).isEqualTo(ConnectorMain.EXIT_CONFIG);

        assertThat(stderr()).contains(
                "danube_service_url: must start with http:// or https:// (got \"localhost:6650\")",
                "connector_name: required",
                "processing.batch_size: must be > 0 (got 0)");
        assertThat(Files.readString(terminationLog)).contains("processing.batch_size: must be > 0 (got 0)");
    }

    @Test
    void missingConfigPathIsAConfigError() {
        env.put(RuntimeEnv.DANUBE_CONNECTOR, "source-x");
        assertThat(run()).isEqualTo(ConnectorMain.EXIT_CONFIG);
        assertThat(stderr()).contains("CONNECTOR_CONFIG_PATH: required");
    }

    @Test
    void missingConnectorIsAConfigError() throws IOException {
        assertThat(run("--config", validToml().toString())).isEqualTo(ConnectorMain.EXIT_CONFIG);
        assertThat(stderr()).contains("DANUBE_CONNECTOR: required: set it or pass --connector");
    }

    @Test
    void badEnvironmentIsAConfigError() throws IOException {
        env.put(RuntimeEnv.SHUTDOWN_TIMEOUT_MS, "soon");
        assertThat(run("--connector", "x", "--config", validToml().toString())).isEqualTo(ConnectorMain.EXIT_CONFIG);
        assertThat(stderr()).contains("DANUBE_CONNECT_SHUTDOWN_TIMEOUT_MS: must be a positive number of milliseconds (got \"soon\")");

        err.reset();
        env.remove(RuntimeEnv.SHUTDOWN_TIMEOUT_MS);
        env.put(RuntimeEnv.LOG_LEVEL, "loud");
        assertThat(run("--connector", "x", "--config", validToml().toString())).isEqualTo(ConnectorMain.EXIT_CONFIG);
        assertThat(stderr()).contains("LOG_LEVEL: unknown level \"loud\"");

        err.reset();
        env.remove(RuntimeEnv.LOG_LEVEL);
        env.put(RuntimeEnv.LOG_FORMAT, "xml");
        assertThat(run("--connector", "x", "--config", validToml().toString())).isEqualTo(ConnectorMain.EXIT_CONFIG);
        assertThat(stderr()).contains("LOG_FORMAT: unknown format \"xml\" (expected text or json)");

        err.reset();
        env.remove(RuntimeEnv.LOG_FORMAT);
        env.put(RuntimeEnv.DANUBE_TLS_CA_FILE, dir.resolve("ca.pem").toString());
        assertThat(run("--connector", "x", "--config", validToml().toString())).isEqualTo(ConnectorMain.EXIT_CONFIG);
        assertThat(stderr()).contains("DANUBE_TLS_CA_FILE: file not found");
    }

    @Test
    void unknownFlagIsAConfigError() {
        assertThat(run("--bogus")).isEqualTo(ConnectorMain.EXIT_CONFIG);
        assertThat(stderr()).contains("unknown argument \"--bogus\"");
    }
}
