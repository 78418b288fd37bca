package com.danubemessaging.connect.connectors.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key-by-key reading of a connector table: typed getters naming the full key, unknown keys warned about. */
class ConfigTableTest {

    private static ConfigTable table(Map<String, Object> values) {
        return ConfigTable.root(config(values), "sink");
    }

    private static ConnectorConfig config(Map<String, Object> values) {
        return ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("t")
                .table("sink", values).build();
    }

    @Test
    void gettersNameTheFullKeyAndAcceptValuesFromPlaceholders() {
        ConfigTable t = table(Map.of("port", "8123", "on", "true", "routes", List.of(Map.of("to", 5))));
        assertThat(t.integer("port", 0, 1, 65535)).isEqualTo(8123);
        assertThat(t.bool("on", false)).isTrue();
        assertThat(t.string("missing", "fallback")).isEqualTo("fallback");
        ConfigTable route = t.tables("routes").get(0);
        assertThat(route.path()).isEqualTo("sink.routes[0]");
        assertThat(route.requiredString("to")).isEqualTo("5");
        assertThatThrownBy(() -> route.requiredString("from")).isInstanceOf(ConfigurationException.class)
                .hasMessage("sink.routes[0].from: required");
        assertThatThrownBy(() -> table(Map.of("port", 70000)).integer("port", 0, 1, 65535))
                .hasMessage("sink.port: must be between 1 and 65535, got 70000");
        assertThatThrownBy(() -> table(Map.of("on", "yes")).bool("on", false))
                .hasMessage("sink.on: expected true or false, got \"yes\"");
        assertThatThrownBy(() -> table(Map.of("routes", "x")).tables("routes"))
                .hasMessage("sink.routes: must be an array of tables, got \"x\"");
        assertThatThrownBy(() -> table(Map.of("mode", "fast")).choice("mode", "slow", java.util.Set.of("slow")))
                .hasMessage("sink.mode: must be one of [slow], got \"fast\"");
    }

    @Test
    void keysNoGetterAskedForAreWarnedAboutNotRefused() {
        ConnectorConfig config = config(Map.of("batch_size", 5, "batchsize", 6, "url", "x",
                "routes", List.of(Map.of("to", "t", "form", "/a/b"))));
        ConfigTable t = ConfigTable.root(config, "sink");
        t.integer("batch_size", 1, 1, 10);
        t.string("url");
        ConfigTable route = t.tables("routes").get(0);
        route.string("to");
        route.string("from");
        t.reportUnknownKeys();
        route.reportUnknownKeys();
        assertThat(config.unknownKeys().found()).containsExactly(
                "sink.batchsize: unknown key, ignored (did you mean sink.batch_size?)",
                "sink.routes[0].form: unknown key, ignored (did you mean sink.routes[0].from?)");
        assertThat(config.unknownKeys().claimedTables()).containsExactly("sink");
    }
}
