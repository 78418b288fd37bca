package com.danubemessaging.connect.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnknownKeysTest {

    @Test
    void closestSuggestsTyposOnly() {
        Set<String> known = Set.of("processing", "retry", "schemas");
        assertThat(ConfigKeys.closest("procesing", known)).contains("processing");
        assertThat(ConfigKeys.closest("retyr", known)).contains("retry");
        assertThat(ConfigKeys.closest("qdrant", known)).isEmpty();
        assertThat(ConfigKeys.closest("max_body", Set.of("max_body_size", "host"))).contains("max_body_size");
        assertThat(ConfigKeys.closest("max", Set.of("max_body_size"))).isEmpty();
        assertThat(ConfigKeys.closest("anything", Set.of())).isEmpty();
    }

    @Test
    void everyUnknownKeyIsListedOnceWithAHintWhenOneIsClose() {
        ConnectorConfig config = ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("c")
                .table("mqtt", Map.of("broker_host", "h", "brokr_port", 1, "flavour", "x")).build();
        ConfigKeys.checkKnown(config, "mqtt", Set.of("broker_host", "broker_port"));
        ConfigKeys.checkKnown(config, "mqtt", Set.of("broker_host", "broker_port"));
        assertThat(config.unknownKeys().found()).containsExactlyInAnyOrder(
                "mqtt.brokr_port: unknown key, ignored (did you mean mqtt.broker_port?)",
                "mqtt.flavour: unknown key, ignored");
        assertThat(config.unknownKeys().isStrict()).isFalse();
        assertThat(config.unknownKeys().claimedTables()).containsExactly("mqtt");
    }

    @Test
    void aKnownTableReportsNothing() {
        ConnectorConfig config = ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("c")
                .unknownKeys(UnknownKeys.strict()).table("file", Map.of("path", "/tmp/x")).build();
        ConfigKeys.checkKnown(config, "file", Set.of("path"));
        assertThat(config.unknownKeys().found()).isEmpty();
        assertThat(config.unknownKeys().isStrict()).isTrue();
    }

    @Test
    void placeholderValuesAreMaskedInBindErrorsAndMessages() {
        ConnectorConfig config = ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("c")
                .table("mqtt", Map.of("broker_port", "hunter2-secret"))
                .placeholderValues(Map.of("mqtt.broker_port", "hunter2-secret")).build();
        assertThatThrownBy(() -> config.bind("mqtt", Port.class))
                .hasMessage("mqtt.broker_port: expected int, got a value from an ${env:…} placeholder, <masked>")
                .hasNoCause();
        assertThat(config.mask("cannot connect with hunter2-secret")).isEqualTo("cannot connect with <masked>");
        assertThat(config.fromPlaceholder("mqtt.broker_port")).isTrue();
    }

    record Port(int brokerPort) {
    }
}
