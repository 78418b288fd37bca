package com.danubemessaging.connect.connectors.mqtt;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Mosquitto of this machine (127.0.0.1:1883, shared with other test runs, so every test uses topics
 * under its own {@link #uniquePrefix()}), and private Mosquitto processes for tests that need their own listener
 * configuration (TLS, passwords). When Mosquitto is missing, tests fail under CI ({@code CI=true}) and are skipped
 * with the reason elsewhere.
 */
public final class Mosquitto {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 1883;
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private Mosquitto() {
    }

    /** Fails (CI) or skips the test when the shared Mosquitto does not answer on 127.0.0.1:1883. */
    public static void requireShared() {
        if (!reachable(PORT)) {
            unavailable("Mosquitto is not listening on 127.0.0.1:1883 (start it with: mosquitto -d -c"
                    + " /etc/mosquitto/mosquitto.conf)");
        }
    }

    /** A topic prefix no other test run uses. */
    public static String uniquePrefix() {
        return "dct-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A connected publishing client on {@code port} of 127.0.0.1. */
    public static MqttClient publisher(int port) {
        try {
            MqttClient client = new MqttClient("tcp://" + HOST + ":" + port, "pub-" + uniquePrefix(),
                    new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMaxInflight(1000);
            client.connect(options);
            return client;
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect a publisher to Mosquitto on port " + port, e);
        }
    }

    public static void publish(MqttClient client, String topic, String payload, int qos) {
        publish(client, topic, payload.getBytes(StandardCharsets.UTF_8), qos);
    }

    public static void publish(MqttClient client, String topic, byte[] payload, int qos) {
        try {
            client.publish(topic, payload, qos, false);
        } catch (MqttException e) {
            throw new IllegalStateException("publishing to " + topic + " failed", e);
        }
    }

    /** Removes the persistent session {@code clientId} left in the shared Mosquitto (a clean-session connect). */
    public static void dropSession(String clientId) {
        try {
            MqttClient client = new MqttClient("tcp://" + HOST + ":" + PORT, clientId, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            client.connect(options);
            closeQuietly(client);
        } catch (MqttException e) {
            // best effort: the session only costs Mosquitto a little memory
        }
    }

    public static void closeQuietly(MqttClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        } catch (MqttException e) {
            // the test is over
        }
    }

    /**
     * A private Mosquitto bound to {@code bindAddress} on a free port, configured with {@code listenerOptions}
     * (lines added after the {@code listener} line, e.g. TLS files).
     */
    static Private start(Path dir, String bindAddress, List<String> listenerOptions) {
        if (!Files.isExecutable(BINARY)) {
            unavailable("the mosquitto binary is not installed at " + BINARY + " (apt-get install mosquitto)");
        }
        int port = freePort();
        Path config = dir.resolve("mosquitto-" + port + ".conf");
        StringBuilder text = new StringBuilder()
                // as root, mosquitto would switch to user "mosquitto", who cannot read the test's private temp files
                .append("user root\n")
                .append("persistence false\n")
                .append("log_dest stderr\n")
                .append("per_listener_settings true\n")
                .append("listener ").append(port).append(' ').append(bindAddress).append('\n');
        listenerOptions.forEach(line -> text.append(line).append('\n'));
        try {
            Files.writeString(config, text);
            Process process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto-" + port + ".log").toFile())
                    .start();
            Private broker = new Private(process, bindAddress, port, dir.resolve("mosquitto-" + port + ".log"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!broker.log().contains(" running") || !reachable(bindAddress, port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String log = broker.log();
                    broker.close();
                    throw new IllegalStateException("private mosquitto did not start on " + bindAddress + ":" + port
                            + ":\n" + log);
                }
                Thread.sleep(50);
            }
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Mosquitto process of one test. */
    record Private(Process process, String host, int port, Path logFile) implements AutoCloseable {
        String log() {
            try {
                return Files.exists(logFile) ? Files.readString(logFile) : "";
            } catch (IOException e) {
                return "(log unreadable: " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static boolean reachable(int port) {
        return reachable(HOST, port);
    }

    static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + " — CI needs it (.ci/run starts it)");
        }
        Assumptions.abort(reason + " — skipping");
    }

    /** Waits a little, for pacing publishers. */
    public static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
