package com.danubemessaging.connect.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.connectors.file.ExampleResources;
import com.danubemessaging.connect.testkit.TestCertificates;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/source-mqtt.yaml, with the Secrets of examples/danube-secrets.yaml, is a configuration source-mqtt
 * accepts: its {@code spec.config} loads as connector.toml, the env vars the operator sets from the Secrets fill the
 * password and the CA, and the connector initialises (reading the CA's PEM text).
 */
class MqttExampleResourceTest {
    @TempDir
    Path dir;

    @Test
    void theExampleResourceConfiguresTheConnector() throws Exception {
        JsonNode resource = ExampleResources.document(ExampleResources.file("source-mqtt.yaml"),
                "DanubeSourceConnector");
        Map<String, String> env = new HashMap<>(ExampleResources.env(resource,
                ExampleResources.secrets(ExampleResources.file("danube-secrets.yaml"))));
        assertThat(env).containsKeys("MQTT_PASSWORD", "MQTT_CA_CERT");

        // as shipped, the Secret holds a placeholder, which is refused with the key to fix
        ConnectorConfig placeholder = ExampleResources.config(resource, "http://danube:6650", env);
        assertThatThrownBy(() -> new MqttSource(env).initialize(placeholder))
                .hasMessageStartingWith("mqtt.ca_file: the PEM text");

        // filled in with a real CA, it configures the connector
        env.put("MQTT_CA_CERT", Files.readString(TestCertificates.generate(dir).caCert()));
        ConnectorConfig config = ExampleResources.config(resource, "http://danube:6650", env);
        MqttSource source = new MqttSource(env);
        source.initialize(config);
        MqttSettings settings = MqttSettings.from(config, env);
        assertThat(settings.serverUri()).isEqualTo("ssl://mosquitto.iot.svc.cluster.local:8883");
        assertThat(settings.cleanSession()).isFalse();
        assertThat(settings.password()).isEqualTo(env.get("MQTT_PASSWORD"));
        assertThat(source.producerConfigs()).extracting(p -> p.topic() + ":" + p.reliableDispatch())
                .containsExactly("/iot/temperature:true", "/iot/raw:false");
    }
}
