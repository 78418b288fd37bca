package com.danubemessaging.connect.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.runtime.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example connector.toml of sink-http loads as the runnable loads it. */
class HttpExamplesTest {
    private static final Path EXAMPLE = Path.of("examples", "sink-http.toml");

    @Test
    void theExampleLoadsWithTheTokenFromTheEnvironment() {
        var config = new ConfigLoader(Map.of("HTTP_SINK_TOKEN", "t0k3n")).loadFile(EXAMPLE).config();
        HttpSinkSettings settings = HttpSinkSettings.from(config);

        assertThat(settings.routes()).hasSize(2);
        HttpRoute temperature = settings.routes().get(0);
        assertThat(temperature.headers()).containsEntry("Authorization", "Bearer t0k3n");
        assertThat(temperature.mode()).isEqualTo(BodyMode.RECORD);
        assertThat(temperature.method()).isEqualTo("POST");
        HttpRoute alerts = settings.routes().get(1);
        assertThat(alerts.mode()).isEqualTo(BodyMode.ARRAY);
        assertThat(alerts.method()).isEqualTo("PUT");
        assertThat(alerts.headers()).containsKeys("Authorization", "X-Source");
        assertThat(config.processing().metricsPort()).isEqualTo(9092);
    }

    @Test
    void withoutTheTokenTheRuntimeRefusesToStartAndNamesIt() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).loadFile(EXAMPLE))
                .hasMessageContaining("http.headers.Authorization")
                .hasMessageContaining("HTTP_SINK_TOKEN is not set");
    }
}
