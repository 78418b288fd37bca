package com.danubemessaging.connect.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicFilterTest {
    private static boolean matches(String filter, String topic) {
        return TopicFilter.parse(filter, "f").matches(topic);
    }

    @Test
    void matchesAsMqtt311Section47Says() {
        assertThat(matches("sensors/temp", "sensors/temp")).isTrue();
        assertThat(matches("sensors/temp", "sensors/humidity")).isFalse();
        assertThat(matches("sensors/+/data", "sensors/temp/data")).isTrue();
        assertThat(matches("sensors/+/data", "sensors/temp/config")).isFalse();
        assertThat(matches("sensors/+/data", "sensors/data")).isFalse();
        assertThat(matches("sensors/#", "sensors/humidity/zone1/data")).isTrue();
        assertThat(matches("sensors/#", "sensors")).as("# includes the parent level").isTrue();
        assertThat(matches("sensors/#", "devices/temp")).isFalse();
        assertThat(matches("factory/+/sensors/#", "factory/line2/sensors/pressure/zone1")).isTrue();
        assertThat(matches("+/+", "/finance")).as("an empty level is a level").isTrue();
        assertThat(matches("#", "$SYS/broker/uptime")).as("wildcards do not reach $ topics").isFalse();
        assertThat(matches("$SYS/#", "$SYS/broker/uptime")).isTrue();
        assertThat(matches("sport/tennis/+", "sport/tennis/player1/ranking")).isFalse();
    }

    @Test
    void refusesInvalidFiltersWithTheKey() {
        assertThatThrownBy(() -> TopicFilter.parse("a/#/b", "mqtt.routes[0].from"))
                .hasMessageStartingWith("mqtt.routes[0].from: '#' must be the whole last level");
        assertThatThrownBy(() -> TopicFilter.parse("a/b#", "k")).hasMessageContaining("'#' must be");
        assertThatThrownBy(() -> TopicFilter.parse("a/b+/c", "k")).hasMessageContaining("'+' must be a whole level");
        assertThatThrownBy(() -> TopicFilter.parse("", "k")).hasMessageStartingWith("k: required");
    }
}
