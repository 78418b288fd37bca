package com.danubemessaging.connect.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.connectors.mqtt.Mosquitto;
import com.danubemessaging.connect.proto.StreamMessage;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable with {@code source-mqtt} in a child JVM, killed with SIGKILL in the middle of a QoS 1 stream and
 * started again (Danube was down at the moment of the kill, so the process held messages it had received but
 * not published): with a persistent MQTT session (clean_session = false, fixed client id) Mosquitto keeps every
 * message the dead process had not acknowledged, and the restarted one publishes them, so nothing is lost.
 */
class MqttSourceProcessTest {
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    @TempDir
    Path dir;

    private DanubeTestBroker broker;
    private MqttClient publisher;
    private String clientId;
    private final List<ChildConnector> children = new ArrayList<>();

    @BeforeEach
    void setUp() {
        Mosquitto.requireShared();
        broker = DanubeTestBroker.builder().build().start();
        publisher = Mosquitto.publisher(Mosquitto.PORT);
    }

    @AfterEach
    void tearDown() {
        children.forEach(ChildConnector::close);
        if (publisher != null) {
            Mosquitto.closeQuietly(publisher);
        }
        if (clientId != null) {
            Mosquitto.dropSession(clientId);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void killMinus9MidStreamThenARestartLosesNothing() throws Exception {
        int total = 600;
        String prefix = Mosquitto.uniquePrefix();
        clientId = prefix + "-k9";
        String topic = "/default/mqtt-kill";
        Path toml = Files.writeString(dir.resolve("source-mqtt.toml"), """
                danube_service_url = "%s"
                connector_name = "mqtt-kill"

                [processing]
                batch_size = 100
                poll_interval_ms = 20
                metrics_port = 0

                [mqtt]
                broker_host = "127.0.0.1"
                client_id = "%s"
                clean_session = false

                [[mqtt.routes]]
                from = "%s/readings/+"
                to = "%s"
                qos = "AtLeastOnce"
                """.formatted(broker.serviceUrl(), clientId, prefix, topic));

        ChildConnector first = start("mqtt-kill-1", toml);
        awaitConnected(first);
        Thread feeder = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                Mosquitto.publish(publisher, prefix + "/readings/" + (i % 3), "{\"id\":" + i + "}", 1);
                Mosquitto.pause(Duration.ofMillis(4));
            }
        }, "mqtt-feeder");
        feeder.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> broker.messageCount(topic) >= 150);
        // Danube goes away first, so the process holds received messages it cannot publish when it is killed: a
        // source that acknowledged MQTT messages on receipt would lose exactly those.
        broker.stop();
        long atKill = broker.messageCount(topic);
        Mosquitto.pause(Duration.ofMillis(1500));
        first.close(); // SIGKILL: Process.destroyForcibly()
        assertThat(first.isAlive()).isFalse();
        assertThat(atKill).as("killed mid-stream").isLessThan(total);
        broker.restart();

        feeder.join(60_000);
        ChildConnector second = start("mqtt-kill-2", toml);
        awaitConnected(second);
        await("every id in Danube").atMost(Duration.ofSeconds(60))
                .until(() -> new TreeSet<>(ids(broker.messages(topic))).size() == total);

        List<Integer> all = ids(broker.messages(topic));
        Set<Integer> expected = IntStream.range(0, total).boxed().collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(all)).isEqualTo(expected);
        System.out.printf("MQTT kill -9 test: %d published, %d in Danube at the kill, all %d arrived after the"
                + " restart (%d duplicates), 0 lost%n", total, atKill, total, all.size() - total);
    }

    private ChildConnector start(String name, Path toml) {
        ChildConnector child = ChildConnector.start(name, dir, Map.of(
                "CONNECTOR_CONFIG_PATH", toml.toString(),
                "DANUBE_CONNECT_INSTANCE_ID", "mqtt-pod"), "--connector", "source-mqtt");
        children.add(child);
        return child;
    }

    private static void awaitConnected(ChildConnector child) {
        await(child + " connected to Mosquitto").atMost(Duration.ofSeconds(60))
                .until(() -> {
                    if (!child.isAlive()) {
                        throw new AssertionError("child exited:\n" + child.stderr());
                    }
                    return child.stderr().contains("Connected to MQTT broker");
                });
    }

    private static List<Integer> ids(List<StreamMessage> messages) throws IOException {
        List<Integer> ids = new ArrayList<>();
        for (StreamMessage m : messages) {
            Matcher matcher = ID.matcher(m.getPayload().toStringUtf8());
            if (!matcher.find()) {
                throw new IOException("unexpected payload " + m.getPayload().toStringUtf8());
            }
            ids.add(Integer.parseInt(matcher.group(1)));
        }
        return ids;
    }
}
