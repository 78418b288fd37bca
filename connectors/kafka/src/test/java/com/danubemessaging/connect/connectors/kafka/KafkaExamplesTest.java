package com.danubemessaging.connect.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The examples users copy load and validate: the example {@code connector.toml}, and the {@code spec.config} of
 * {@code examples/source-kafka.yaml} rendered to TOML (as the operator renders it) with the environment its
 * {@code spec.env} provides.
 */
class KafkaExamplesTest {
    private static final Path EXAMPLE_TOML = Path.of("examples/source-kafka.toml");
    private static final Path EXAMPLE_CR = Path.of("../../examples/source-kafka.yaml");
    private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    @Test
    void theExampleTomlValidates() {
        ConnectorConfig config = new ConfigLoader(Map.of()).loadFile(EXAMPLE_TOML).config();
        KafkaSourceSettings s = KafkaSourceSettings.from(config, Map.of());

        assertThat(s.groupId()).isEqualTo("danube-kafka-orders");
        assertThat(s.routes()).extracting(KafkaRoute::to).containsExactly("/default/orders", "/default/audit");
        assertThat(s.routes().get(1).fromPattern().matcher("audit.login").matches()).isTrue();
        assertThat(s.properties()).containsEntry("session.timeout.ms", "45000");
        assertThat(new TopicRoutes(s.routes()).producerConfigs()).hasSize(2);
    }

    @Test
    void theExampleCustomResourceConfigValidatesWithItsEnvironment() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        YAMLMapper yaml = new YAMLMapper();
        try (var parser = new YAMLFactory().createParser(EXAMPLE_CR.toFile())) {
            yaml.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        }
        JsonNode cr = docs.stream().filter(d -> d.path("kind").asText().equals("DanubeSourceConnector")).findFirst()
                .orElseThrow();
        assertThat(cr.path("spec").path("connector").asText()).isEqualTo("kafka");

        Map<String, String> env = new HashMap<>();
        for (JsonNode var : cr.path("spec").path("env")) {
            String name = var.path("name").asText();
            env.put(name, name.equals("KAFKA_CA_PEM") ? CA : "value-of-" + name);
        }
        ObjectNode document = yaml.createObjectNode();
        document.put("danube_service_url", cr.path("spec").path("danube").path("serviceUrl").asText());
        document.put("connector_name", cr.path("metadata").path("name").asText());
        document.setAll((ObjectNode) cr.path("spec").path("config"));
        String toml = new TomlMapper().writeValueAsString(document);
        ConnectorConfig config = new ConfigLoader(env).parse(toml, "rendered.toml", null).config();
        KafkaSourceSettings s = KafkaSourceSettings.from(config, env);

        assertThat(s.security().protocol()).isEqualTo("SASL_SSL");
        assertThat(s.security().saslUsername()).isEqualTo("value-of-KAFKA_SASL_USERNAME");
        assertThat(s.security().saslPassword().value()).isEqualTo("value-of-KAFKA_SASL_PASSWORD");
        assertThat(s.security().sslCaPem()).isEqualTo(CA);
        assertThat(s.routes()).isNotEmpty();
    }
}
