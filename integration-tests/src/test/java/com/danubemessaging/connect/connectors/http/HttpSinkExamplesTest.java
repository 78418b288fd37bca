package com.danubemessaging.connect.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.connectors.ExampleResources;
import com.danubemessaging.connect.connectors.ExampleResources.Example;
import org.junit.jupiter.api.Test;

/** examples/sink-http.yaml gives sink-http a configuration it accepts, with its token from the Secret. */
class HttpSinkExamplesTest {

    @Test
    void theExampleResourceConfiguresTheRealConnector() {
        Example example = ExampleResources.connector("sink-http.yaml", "temperature-to-http");
        HttpSinkSettings settings = HttpSinkSettings.from(example.config());

        assertThat(settings.routes()).singleElement().satisfies(route -> {
            assertThat(route.danube().from()).isEqualTo("/iot/temperature");
            assertThat(route.to().toString()).isEqualTo("https://ingest.example.com/v1/temperature");
            assertThat(route.mode()).isEqualTo(BodyMode.ARRAY);
            assertThat(route.headers()).containsEntry("Authorization",
                    "Bearer " + example.env().get("HTTP_SINK_TOKEN"));
        });
        assertThat(settings.maxRetries()).isEqualTo(3);
    }
}
