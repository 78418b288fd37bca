package com.danubemessaging.connect.connectors.kafka;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production runnable ({@code ConnectorMain}, as the runtime image starts it) running {@code source-kafka} in a
 * child JVM from a {@code connector.toml}, so a test can SIGKILL it and read its {@code /metrics}.
 */
final class RuntimeProcess implements AutoCloseable {
    private static final String MAIN = "com.danubemessaging.connect.runtime.app.ConnectorMain";
    private static final Pattern PORT = Pattern.compile("metrics and health on port (\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ChildJvm jvm;
    private volatile int port = -1;

    private RuntimeProcess(ChildJvm jvm) {
        this.jvm = jvm;
    }

    /** Writes {@code <dir>/<name>.toml} and starts the runnable on it as instance {@code name}. */
    static RuntimeProcess start(String name, Path dir, String toml, Map<String, String> extraEnv) {
        Path config = dir.resolve(name + ".toml");
        try {
            Files.writeString(config, toml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("CONNECTOR_CONFIG_PATH", config.toString());
        env.put("DANUBE_CONNECTOR", "source-kafka");
        env.put("DANUBE_CONNECT_INSTANCE_ID", name);
        return new RuntimeProcess(ChildJvm.start(name, dir,
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), env, MAIN));
    }

    /** Waits for the start-up log line that names the metrics port (the config binds port 0). */
    RuntimeProcess awaitStarted() {
        await(jvm.name() + " starts").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!jvm.isAlive()) {
                throw new AssertionError(jvm.name() + " exited:\n" + jvm.log());
            }
            Matcher m = PORT.matcher(jvm.log());
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            }
            return port > 0;
        });
        return this;
    }

    /** The sum of a counter over all its label sets, from {@code /metrics}; 0 when absent. */
    double counter(String name) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build();
        String body;
        try {
            body = HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        jvm.kill();
    }

    /** SIGTERM, and waits for the exit code. */
    int terminate(Duration timeout) {
        jvm.terminate();
        return jvm.awaitExit(timeout);
    }

    int awaitExit(Duration timeout) {
        return jvm.awaitExit(timeout);
    }

    String log() {
        return jvm.log();
    }

    @Override
    public void close() {
        jvm.close();
    }
}
