package com.danubemessaging.connect.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SinkRouteTest {

    private static ConnectorConfig config(Object routes) {
        return ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("my-sink")
                .table("mysink", Map.of("routes", routes)).build();
    }

    private static List<String> read(Object routes) {
        return SinkRoute.readAll(config(routes), "mysink", Set.of("to"),
                (i, key, node, danube) -> i + ":" + danube.consumerConfig() + "->" + node.path("to").asText());
    }

    @Test
    void readsTheCommonKeysWithTheirDefaultsAndHandsTheRestToTheConnector() {
        List<String> routes = read(List.of(
                Map.of("from", "/default/a", "subscription", "s1", "to", "x"),
                Map.of("from", "/default/b", "subscription", "s2", "subscription_type", "Exclusive",
                        "consumer_name", "c", "expected_schema_subject", "rows", "to", "y")));
        assertThat(routes).containsExactly(
                "0:" + ConsumerConfig.of("/default/a", "my-sink-s1", "s1", SubscriptionType.SHARED) + "->x",
                "1:" + ConsumerConfig.of("/default/b", "c", "s2", SubscriptionType.EXCLUSIVE)
                        .withExpectedSchemaSubject("rows") + "->y");
    }

    @Test
    void refusalsNameTheKey() {
        assertThatThrownBy(() -> read(List.of())).isInstanceOf(ConfigurationException.class)
                .hasMessage("mysink.routes: at least one [[mysink.routes]] entry is required (from, subscription, to)");
        assertThatThrownBy(() -> read(List.of(Map.of("from", "/default/a", "subscription", 7))))
                .hasMessage("mysink.routes[0].subscription: expected a string (got number)");
        assertThatThrownBy(() -> read(List.of(Map.of("from", "/default/a", "subscription", "s"),
                Map.of("from", "/default/a", "subscription", "t"))))
                .hasMessageStartingWith("mysink.routes[1].from: /default/a is already the topic of mysink.routes[0]");
    }

    @Test
    void anUnknownKeyOfARouteIsReportedWithTheClosestKnownOneNotRefused() {
        ConnectorConfig config = config(List.of(Map.of("from", "/default/a", "subscription", "s", "too", "x",
                "to", "y")));
        List<String> routes = SinkRoute.readAll(config, "mysink", Set.of("to"), (i, key, node, danube) -> key);
        assertThat(routes).containsExactly("mysink.routes[0]");
        assertThat(config.unknownKeys().found())
                .containsExactly("mysink.routes[0].too: unknown key, ignored (did you mean mysink.routes[0].to?)");
        assertThat(config.unknownKeys().claimedTables()).containsExactly("mysink");
    }

    @Test
    void choiceNamesTheAcceptedValues() {
        assertThat(ConfigKeys.choice(null, "k", SubscriptionType.SHARED)).isEqualTo(SubscriptionType.SHARED);
        assertThat(ConfigKeys.choice(" Exclusive ", "k", SubscriptionType.SHARED))
                .isEqualTo(SubscriptionType.EXCLUSIVE);
        assertThatThrownBy(() -> ConfigKeys.choice("all", "k", SubscriptionType.SHARED))
                .hasMessage("k: must be \"exclusive\", \"shared\", \"failover\" or \"key_shared\" (got \"all\")");
    }
}
