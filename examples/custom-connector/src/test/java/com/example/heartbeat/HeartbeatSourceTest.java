package com.example.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.runtime.app.EmbeddedConnector;
import com.danubemessaging.connect.testkit.DanubeBrokerExtension;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The connector with the real runtime against the in-memory test broker, as it will run in the image. */
class HeartbeatSourceTest {

    @RegisterExtension
    static final DanubeBrokerExtension DANUBE = DanubeBrokerExtension.create();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void publishesNumberedHeartbeats(DanubeTestBroker broker) throws Exception {
        String topic = "/default/heartbeats";
        try (EmbeddedConnector source = EmbeddedConnector.builder()
                .connector("source-heartbeat")               // the id its ConnectorProvider registers
                .config("""
                        connector_name = "heartbeat-test"
                        [processing]
                        poll_interval_ms = 10
                        [heartbeat]
                        topic = "%s"
                        interval_ms = 20
                        name = "edge-1"
                        """.formatted(topic))
                .serviceUrl(broker.serviceUrl())
                .start()) {
            source.awaitReady(Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (broker.messageCount(topic) < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        List<JsonNode> beats = broker.messages(topic).stream()
                .map(m -> read(m.getPayload().toByteArray())).toList();
        assertThat(beats).hasSizeGreaterThanOrEqualTo(5);
        assertThat(beats).allSatisfy(beat -> assertThat(beat.path("source").asText()).isEqualTo("edge-1"));
        // Every heartbeat exactly once, numbered from 0 without a gap.
        assertThat(beats.stream().map(beat -> beat.path("sequence").asLong()).sorted().toList())
                .isEqualTo(java.util.stream.LongStream.range(0, beats.size()).boxed().toList());
    }

    @Test
    void aMissingTopicStopsTheStartWithTheKey(DanubeTestBroker broker) {
        EmbeddedConnector source = EmbeddedConnector.builder()
                .connector(new HeartbeatSource())
                .config("connector_name = \"heartbeat-test\"\n[heartbeat]\ninterval_ms = 20\n")
                .serviceUrl(broker.serviceUrl())
                .start();
        assertThatThrownBy(() -> source.awaitReady(Duration.ofSeconds(30)))
                .hasMessageContaining("heartbeat.topic: required");
        assertThatThrownBy(source::close).hasMessageContaining("heartbeat.topic: required");
    }

    private static JsonNode read(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(payload), e);
        }
    }
}
