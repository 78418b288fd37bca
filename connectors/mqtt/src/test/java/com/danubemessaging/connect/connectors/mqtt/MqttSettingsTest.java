package com.danubemessaging.connect.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MqttSettingsTest {
    private static final String CORE = """
            danube_service_url = "http://localhost:6650"
            connector_name = "mqtt-test"
            """;

    private static ConnectorConfig config(String mqtt) {
        return new ConfigLoader(Map.of()).parse(CORE + mqtt, "test.toml", null).config();
    }

    private static MqttSettings settings(String mqtt, Map<String, String> env) {
        return MqttSettings.from(config(mqtt), env);
    }

    private static final String MINIMAL = """
            [mqtt]
            broker_host = "mosquitto"
            client_id = "c1"

            [[mqtt.routes]]
            from = "sensors/#"
            to = "/iot/sensors"
            """;

    @Test
    void upstreamDefaults() {
        MqttSettings s = settings(MINIMAL, Map.of());
        assertThat(s.brokerPort()).isEqualTo(1883);
        assertThat(s.useTls()).isFalse();
        assertThat(s.keepAliveSecs()).isEqualTo(60);
        assertThat(s.connectionTimeoutSecs()).isEqualTo(30);
        assertThat(s.maxPacketSize()).isEqualTo(10_485_760);
        assertThat(s.cleanSession()).isTrue();
        assertThat(s.includeMetadata()).isTrue();
        assertThat(s.tcpNodelay()).isTrue();
        MqttRoute route = s.routes().get(0);
        assertThat(route.qos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        assertThat(route.partitions()).isZero();
        assertThat(route.reliableDispatch()).isTrue();
        assertThat(s.serverUri()).isEqualTo("tcp://mosquitto:1883");
    }

    @Test
    void reliableDispatchDefaultsFromTheQos() {
        MqttSettings s = settings("""
                [mqtt]
                broker_host = "h"
                client_id = "c"
                [[mqtt.routes]]
                from = "a/#"
                to = "/d/a"
                qos = "AtMostOnce"
                [[mqtt.routes]]
                from = "b/#"
                to = "/d/b"
                qos = "ExactlyOnce"
                [[mqtt.routes]]
                from = "c/#"
                to = "/d/c"
                qos = "AtMostOnce"
                reliable_dispatch = true
                """, Map.of());
        assertThat(s.routes()).extracting(MqttRoute::reliableDispatch).containsExactly(false, true, true);
        assertThat(s.routeFor("b/x").to()).isEqualTo("/d/b");
        assertThat(s.routeFor("z")).isNull();
    }

    @Test
    void envOverridesWinOverTheFile() {
        MqttSettings s = settings(MINIMAL, Map.of("MQTT_BROKER_HOST", "prod-broker", "MQTT_BROKER_PORT", "8883",
                "MQTT_CLIENT_ID", "pod-1", "MQTT_USERNAME", "svc", "MQTT_PASSWORD", "s3cret", "MQTT_USE_TLS", "true"));
        assertThat(s.serverUri()).isEqualTo("ssl://prod-broker:8883");
        assertThat(s.clientId()).isEqualTo("pod-1");
        assertThat(s.username()).isEqualTo("svc");
        assertThat(s.password()).isEqualTo("s3cret");
        assertThat(s.toString()).doesNotContain("s3cret").contains("password=<set>");
    }

    @Test
    void badValuesNameTheKeyOrVariable() {
        assertThatThrownBy(() -> settings(MINIMAL, Map.of("MQTT_BROKER_PORT", "eighty")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("MQTT_BROKER_PORT: expected a port number, got \"eighty\"");
        assertThatThrownBy(() -> settings(MINIMAL, Map.of("MQTT_USE_TLS", "yes")))
                .hasMessage("MQTT_USE_TLS: expected true or false, got \"yes\"");
        assertThatThrownBy(() -> settings(MINIMAL.replace("broker_host = \"mosquitto\"", ""), Map.of()))
                .hasMessage("mqtt.broker_host: required");
        assertThatThrownBy(() -> settings(MINIMAL.replace("client_id = \"c1\"", "client_id = \"\""), Map.of()))
                .hasMessage("mqtt.client_id: required");
        assertThatThrownBy(() -> settings(MINIMAL.replace("client_id = \"c1\"", "client_id = \"c1\"\nbroker_port = 0"),
                Map.of())).hasMessage("mqtt.broker_port: must be between 1 and 65535, got 0");
        assertThatThrownBy(() -> settings(MINIMAL.replace("client_id = \"c1\"",
                "client_id = \"c1\"\nbroker_port = \"abc\""), Map.of()))
                .hasMessageStartingWith("mqtt.broker_port: expected");
        assertThatThrownBy(() -> settings(MINIMAL.replace("/iot/sensors", "iot-sensors"), Map.of()))
                .hasMessageStartingWith("mqtt.routes[0].to: must be /namespace/topic");
        assertThatThrownBy(() -> settings(MINIMAL.replace("sensors/#", "sensors/#/x"), Map.of()))
                .hasMessageStartingWith("mqtt.routes[0].from: '#' must be the whole last level");
        assertThatThrownBy(() -> settings(MINIMAL + "qos = \"TwiceOnly\"\n", Map.of()))
                .hasMessageStartingWith("mqtt.routes[0].qos: must be \"AtMostOnce\"");
        assertThatThrownBy(() -> settings("""
                [mqtt]
                broker_host = "h"
                client_id = "c"
                """, Map.of())).hasMessageStartingWith("mqtt.routes: at least one");
        assertThatThrownBy(() -> settings("", Map.of())).hasMessageStartingWith("mqtt: required table [mqtt]");
    }

    @Test
    void tlsAndCredentialRulesAreCheckedAtStart() {
        assertThatThrownBy(() -> settings(MINIMAL.replace("client_id = \"c1\"",
                "client_id = \"c1\"\nca_file = \"/etc/ca.pem\""), Map.of()))
                .hasMessageStartingWith("mqtt.use_tls: must be true when mqtt.ca_file");
        assertThatThrownBy(() -> settings(MINIMAL.replace("client_id = \"c1\"",
                "client_id = \"c1\"\nuse_tls = true\nclient_cert_file = \"/c.pem\""), Map.of()))
                .hasMessageStartingWith("mqtt.client_key_file: required together with mqtt.client_cert_file");
        assertThatThrownBy(() -> settings(MINIMAL, Map.of("MQTT_PASSWORD", "top-secret-value")))
                .hasMessageStartingWith("mqtt.password: set, but mqtt.username is empty")
                .hasMessageNotContaining("top-secret-value");
    }

    @Test
    void routesToOneTopicMustAgreeOnItsShape() {
        assertThatThrownBy(() -> settings("""
                [mqtt]
                broker_host = "h"
                client_id = "c"
                [[mqtt.routes]]
                from = "a/#"
                to = "/d/t"
                partitions = 4
                [[mqtt.routes]]
                from = "b/#"
                to = "/d/t"
                """, Map.of())).hasMessageStartingWith("mqtt.routes[1]: routes to the same topic /d/t must agree");
        MqttSource source = new MqttSource(Map.of());
        source.initialize(config("""
                [mqtt]
                broker_host = "h"
                client_id = "c"
                [[mqtt.routes]]
                from = "a/#"
                to = "/d/t"
                [[mqtt.routes]]
                from = "b/#"
                to = "/d/t"
                [[mqtt.routes]]
                from = "c/#"
                to = "/d/u"
                qos = 0
                """));
        assertThat(source.producerConfigs()).extracting(p -> p.topic() + ":" + p.reliableDispatch())
                .containsExactly("/d/t:true", "/d/u:false");
    }
}
