package com.danubemessaging.connect.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.connectors.file.RunningConnector;
import com.danubemessaging.connect.proto.StreamMessage;
import com.danubemessaging.connect.runtime.RuntimeHarness;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * source-mqtt in the real source runtime, between this machine's Mosquitto and the testkit broker: routing with
 * wildcards, payload mapping and attributes, a Danube outage in the middle of a QoS 1 stream, and invalid data.
 */
class MqttSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private DanubeTestBroker broker;
    private MqttClient publisher;
    private final List<RuntimeHarness> running = new ArrayList<>();
    private String prefix;
    /** Persistent sessions this test left in the shared Mosquitto, dropped afterwards. */
    private final List<String> clientIds = new ArrayList<>();

    @BeforeEach
    void setUp() {
        Mosquitto.requireShared();
        broker = DanubeTestBroker.builder().build().start();
        publisher = Mosquitto.publisher(Mosquitto.PORT);
        prefix = Mosquitto.uniquePrefix();
    }

    @AfterEach
    void tearDown() {
        running.forEach(RuntimeHarness::close);
        if (publisher != null) {
            Mosquitto.closeQuietly(publisher);
        }
        if (broker != null) {
            broker.close();
        }
        clientIds.forEach(Mosquitto::dropSession);
    }

    private MqttSource start(String toml) {
        ConnectorConfig config = RunningConnector.config("source-mqtt", toml, dir);
        MqttSource source = new MqttSource(Map.of());
        RuntimeHarness harness = RuntimeHarness.start(config, source);
        running.add(harness);
        await("source-mqtt connected and ready").atMost(WAIT)
                .until(() -> harness.ready() && source.session() != null && source.session().isConnected());
        return source;
    }

    private String toml(String name, String clientId, boolean cleanSession, String routesAndSchemas) {
        return """
                danube_service_url = "%s"
                connector_name = "%s"

                [retry]
                max_retries = 3
                retry_backoff_ms = 50
                max_backoff_ms = 500

                [processing]
                batch_size = 200
                poll_interval_ms = 20
                metrics_port = 0
                health_check_interval_ms = 500

                [mqtt]
                broker_host = "127.0.0.1"
                broker_port = 1883
                client_id = "%s"
                clean_session = %s
                keep_alive_secs = 10

                %s
                """.formatted(broker.serviceUrl(), name, clientId, cleanSession, routesAndSchemas);
    }

    private static List<String> payloads(List<StreamMessage> messages) {
        return messages.stream().map(m -> m.getPayload().toString(StandardCharsets.UTF_8)).toList();
    }

    @Test
    void routesWithWildcardsSendEachMessageToTheFirstMatchingRoute() throws Exception {
        start(toml("mqtt-routes", prefix + "-routes", true, """
                [[mqtt.routes]]
                from = "%1$s/sensors/+/temperature"
                to = "/default/temperature"
                qos = "AtLeastOnce"

                [[mqtt.routes]]
                from = "%1$s/sensors/#"
                to = "/default/sensors"
                qos = "AtLeastOnce"
                partitions = 2

                [[mqtt.routes]]
                from = "%1$s/logs/+"
                to = "/default/logs"
                qos = "ExactlyOnce"

                [[mqtt.routes]]
                from = "%1$s/raw/#"
                to = "/default/raw"
                qos = 1

                [[schemas]]
                topic = "/default/logs"
                subject = "mqtt-logs"
                schema_type = "string"
                schema_file = ""

                [[schemas]]
                topic = "/default/raw"
                subject = "mqtt-raw"
                schema_type = "bytes"
                schema_file = ""
                """.formatted(prefix)));

        Mosquitto.publish(publisher, prefix + "/sensors/kitchen/temperature", "{\"celsius\": 21.5}", 1);
        Mosquitto.publish(publisher, prefix + "/sensors/garage/temperature", "not json", 1);
        Mosquitto.publish(publisher, prefix + "/sensors/kitchen/humidity", "{\"percent\": 40}", 1);
        Mosquitto.publish(publisher, prefix + "/sensors", "{\"parent\": true}", 1); // '#' matches the parent level
        Mosquitto.publish(publisher, prefix + "/logs/app", "plain log line", 2);
        Mosquitto.publish(publisher, prefix + "/raw/cam", new byte[] {0, 1, (byte) 0xff, 10}, 1);
        Mosquitto.publish(publisher, prefix + "/elsewhere", "{\"unrouted\": true}", 1);

        await().atMost(WAIT).until(() -> broker.messages("/default/temperature").size() == 2
                && broker.messages("/default/sensors-part-0").size()
                + broker.messages("/default/sensors-part-1").size() == 2
                && broker.messages("/default/logs").size() == 1 && broker.messages("/default/raw").size() == 1);

        List<StreamMessage> temperature = broker.messages("/default/temperature");
        JsonNode first = JSON.readTree(temperature.get(0).getPayload().toByteArray());
        assertThat(first.get("celsius").asDouble()).isEqualTo(21.5);
        assertThat(temperature.get(0).getAttributesMap()).containsEntry("mqtt.topic",
                        prefix + "/sensors/kitchen/temperature")
                .containsEntry("mqtt.qos", "1").containsEntry("mqtt.retain", "false")
                .containsEntry("mqtt.dup", "false").containsEntry("source", "mqtt");
        assertThat(temperature.get(0).getRoutingKey()).isEqualTo(prefix + "/sensors/kitchen/temperature");
        JsonNode envelope = JSON.readTree(temperature.get(1).getPayload().toByteArray());
        assertThat(envelope.get("encoding").asText()).isEqualTo("base64");
        assertThat(envelope.get("size").asInt()).isEqualTo(8);
        assertThat(new String(Base64.getDecoder().decode(envelope.get("data").asText()), StandardCharsets.UTF_8))
                .isEqualTo("not json");

        List<StreamMessage> sensors = new ArrayList<>(broker.messages("/default/sensors-part-0"));
        sensors.addAll(broker.messages("/default/sensors-part-1"));
        assertThat(payloads(sensors)).containsExactlyInAnyOrder("{\"percent\":40}", "{\"parent\":true}");
        StreamMessage log = broker.messages("/default/logs").get(0);
        assertThat(log.getPayload().toString(StandardCharsets.UTF_8)).isEqualTo("plain log line");
        assertThat(log.getAttributesMap()).containsEntry("mqtt.qos", "2");
        assertThat(broker.messages("/default/raw").get(0).getPayload().toByteArray())
                .containsExactly(0, 1, 0xff, 10);

        // the unrouted message (no subscription covers it) reached no topic
        Mosquitto.pause(Duration.ofMillis(300));
        assertThat(broker.topics()).allMatch(t -> !t.contains("elsewhere"));
    }

    @Test
    void aDanubeOutageInTheMiddleOfAQos1StreamLosesNothing() {
        int total = 400;
        String topic = "/default/outage";
        clientIds.add(prefix + "-outage");
        MqttSource source = start(toml("mqtt-outage", prefix + "-outage", false, """
                [[mqtt.routes]]
                from = "%s/events/#"
                to = "%s"
                qos = "AtLeastOnce"
                """.formatted(prefix, topic)));

        Thread feeder = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                Mosquitto.publish(publisher, prefix + "/events/" + (i % 4), "{\"id\":" + i + "}", 1);
                Mosquitto.pause(Duration.ofMillis(5));
            }
        }, "mqtt-feeder");
        feeder.start();

        await().atMost(WAIT).until(() -> broker.messageCount(topic) >= 80);
        broker.stop();
        long atOutage = broker.messageCount(topic);
        assertThat(atOutage).as("the outage hit mid-stream").isLessThan(total);
        // while Danube is down, the MQTT messages handed to the runtime stay unacknowledged
        await().atMost(WAIT).until(() -> source.session().acks().outstanding() > 0);
        Mosquitto.pause(Duration.ofSeconds(2));
        assertThat(source.session().acks().outstanding()).isPositive();
        broker.restart();

        await().atMost(WAIT).until(() -> ids(broker.messages(topic)).size() == total);
        Set<Integer> expected = IntStream.range(0, total).boxed().collect(Collectors.toCollection(TreeSet::new));
        List<Integer> all = allIds(broker.messages(topic));
        assertThat(new TreeSet<>(all)).as("every id arrived").isEqualTo(expected);
        System.out.printf("MQTT outage test: %d published, %d in Danube when it stopped, all %d arrived"
                + " (%d duplicates), 0 lost%n", total, atOutage, total, all.size() - total);
    }

    @Test
    void aPayloadThatDoesNotFitTheTopicsSchemaIsCountedAsInvalidAndAcknowledged() {
        String topic = "/default/metrics";
        clientIds.add(prefix + "-invalid");
        MqttSource source = start(toml("mqtt-invalid", prefix + "-invalid", false, """
                [[mqtt.routes]]
                from = "%s/metrics/+"
                to = "%s"
                qos = "AtLeastOnce"

                [[schemas]]
                topic = "%s"
                subject = "metric"
                schema_type = "number"
                schema_file = ""
                """.formatted(prefix, topic, topic)));
        RuntimeHarness harness = running.get(0);
        Mosquitto.publish(publisher, prefix + "/metrics/a", "1.5", 1);
        Mosquitto.publish(publisher, prefix + "/metrics/a", "not a number", 1);
        Mosquitto.publish(publisher, prefix + "/metrics/b", "3", 1);
        await().atMost(WAIT).until(() -> broker.messages(topic).size() == 2
                && harness.counter("danube.connector.messages.failed", topic, "serialization") == 1);
        assertThat(payloads(broker.messages(topic))).containsExactly("1.5", "3");
        // the runtime disposed of the invalid record, so its MQTT message is acknowledged too: nothing stays in
        // flight, and the MQTT broker will not hand it over again
        await().atMost(WAIT).until(() -> source.session().acks().outstanding() == 0);
        assertThat(source.session().acks().acknowledgedCount()).isEqualTo(3);
    }

    static List<Integer> allIds(List<StreamMessage> messages) {
        List<Integer> ids = new ArrayList<>();
        for (StreamMessage m : messages) {
            try {
                ids.add(JSON.readTree(m.getPayload().toByteArray()).get("id").asInt());
            } catch (Exception e) {
                throw new AssertionError("unexpected payload " + m.getPayload().toStringUtf8(), e);
            }
        }
        return ids;
    }

    static Set<Integer> ids(List<StreamMessage> messages) {
        return new TreeSet<>(allIds(messages));
    }
}
