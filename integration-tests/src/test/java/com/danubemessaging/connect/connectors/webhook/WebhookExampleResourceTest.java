package com.danubemessaging.connect.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.connectors.file.ExampleResources;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * examples/source-webhook.yaml, with the Secrets of examples/danube-secrets.yaml, is a configuration source-webhook
 * accepts: its {@code spec.config} loads as connector.toml and the API key comes from the env var the operator sets.
 */
class WebhookExampleResourceTest {

    @Test
    void theExampleResourceConfiguresTheConnector() throws Exception {
        JsonNode resource = ExampleResources.document(ExampleResources.file("source-webhook.yaml"),
                "DanubeSourceConnector");
        Map<String, String> env = ExampleResources.env(resource,
                ExampleResources.secrets(ExampleResources.file("danube-secrets.yaml")));
        assertThat(env).containsKey("WEBHOOK_API_KEY");
        ConnectorConfig config = ExampleResources.config(resource, "http://danube:6650", env);
        WebhookSource source = new WebhookSource(env);
        source.initialize(config);
        WebhookSettings settings = WebhookSettings.from(config, env);
        assertThat(settings.server().port()).isEqualTo(8080);
        assertThat(resource.at("/spec/ports/0/containerPort").asInt()).isEqualTo(settings.server().port());
        assertThat(settings.auth().type()).isEqualTo(WebhookSettings.AuthType.APIKEY);
        assertThat(settings.routes()).extracting(WebhookSettings.Route::from).containsExactly("/github", "/stripe");
        assertThat(settings.routes().get(1).rateLimit().perIpEnabled()).isTrue();
        assertThat(source.producerConfigs()).hasSize(2);
    }
}
