package com.danubemessaging.connect.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorConfigBindTest {

    enum Qos { AT_MOST_ONCE, AT_LEAST_ONCE }

    record Route(String from, String to, int partitions, Qos qos) {
    }

    record MqttSettings(String brokerHost, int brokerPort, @JsonProperty("client-id") String clientId,
                        List<Route> routes) {
    }

    record WholeFile(String connectorName, MqttSettings mqtt) {
    }

    private static ConnectorConfig config() {
        return ConnectorConfig.builder()
                .serviceUrl("http://127.0.0.1:6650")
                .connectorName("mqtt-src")
                .table("mqtt", Map.of(
                        "broker_host", "localhost",
                        "broker_port", 1883,
                        "client-id", "c1",
                        "unknown_key", "ignored",
                        "routes", List.of(Map.of("from", "a/#", "to", "/iot/a", "qos", "at_least_once"))))
                .build();
    }

    @Test
    void bindsATableWithSnakeCaseKeysAndIgnoresUnknownOnes() {
        MqttSettings mqtt = config().bind("mqtt", MqttSettings.class);

        assertThat(mqtt.brokerHost()).isEqualTo("localhost");
        assertThat(mqtt.brokerPort()).isEqualTo(1883);
        assertThat(mqtt.clientId()).isEqualTo("c1");
        assertThat(mqtt.routes()).containsExactly(new Route("a/#", "/iot/a", 0, Qos.AT_LEAST_ONCE));
    }

    @Test
    void bindsTheWholeDocument() {
        ConnectorConfig config = ConnectorConfig.builder()
                .serviceUrl("http://h:6650").connectorName("whole")
                .raw(((com.fasterxml.jackson.databind.node.ObjectNode) config().raw()).put("connector_name", "whole"))
                .build();

        WholeFile whole = config.bind(WholeFile.class);

        assertThat(whole.connectorName()).isEqualTo("whole");
        assertThat(whole.mqtt().brokerPort()).isEqualTo(1883);
    }

    @Test
    void typeErrorsNameTheKey() {
        ConnectorConfig config = ConnectorConfig.builder()
                .serviceUrl("http://h:6650").connectorName("c")
                .table("mqtt", Map.of("broker_port", "not-a-port",
                        "routes", List.of(Map.of("from", "x"))))
                .build();
        assertThatThrownBy(() -> config.bind("mqtt", MqttSettings.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("mqtt.broker_port: expected int, got \"not-a-port\"");

        ConnectorConfig badEnum = ConnectorConfig.builder()
                .serviceUrl("http://h:6650").connectorName("c")
                .table("mqtt", Map.of("routes", List.of(Map.of("from", "x", "qos", "exactly_twice"))))
                .build();
        assertThatThrownBy(() -> badEnum.bind("mqtt", MqttSettings.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("mqtt.routes[0].qos: expected Qos, got \"exactly_twice\"");
    }

    @Test
    void missingOrNonTableSectionIsAConfigurationError() {
        ConnectorConfig config = ConnectorConfig.builder().serviceUrl("http://h:6650").connectorName("c")
                .table("scalar", 5).build();
        assertThatThrownBy(() -> config.bind("mqtt", MqttSettings.class))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("mqtt: required table [mqtt] is missing");
        assertThatThrownBy(() -> config.bind("scalar", MqttSettings.class))
                .hasMessage("scalar: must be a table (got number)");
    }

    @Test
    void builderDefaultsMatchDanubeConnectCore() {
        ConnectorConfig config = ConnectorConfig.builder().serviceUrl("http://h:6650").connectorName("c").build();

        assertThat(config.retry()).isEqualTo(new RetrySettings(3, 1000, 30000));
        assertThat(config.processing()).isEqualTo(ProcessingSettings.defaults());
        assertThat(config.processing().batchSize()).isEqualTo(1000);
        assertThat(config.processing().metricsPort()).isEqualTo(9090);
        assertThat(config.instanceId()).isEqualTo("c");
        assertThat(config.schemas()).isEmpty();
    }

    @Test
    void rawIsACopyAndToStringHidesConnectorTables() {
        ConnectorConfig config = ConnectorConfig.builder().serviceUrl("http://h:6650").connectorName("c")
                .table("db", Map.of("password", "hunter2")).build();

        ((com.fasterxml.jackson.databind.node.ObjectNode) config.raw()).put("injected", true);

        assertThat(config.raw().has("injected")).isFalse();
        assertThat(config.toString()).doesNotContain("hunter2");
    }

    @Test
    void versionStrategyRejectsNonsense() {
        assertThatThrownBy(() -> VersionStrategy.pinned(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(VersionStrategy.minimum(2).toString()).isEqualTo("{ minimum = 2 }");
        assertThat(VersionStrategy.latest().toString()).isEqualTo("latest");
    }
}
