package com.danubemessaging.connect.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.ProducerConfig;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TopicRoutesTest {

    @Test
    void exactRoutesSubscribeByNameAndTheFirstMatchWins() {
        TopicRoutes routes = new TopicRoutes(List.of(
                new KafkaRoute("orders", null, "/default/orders", 4, true),
                new KafkaRoute("payments", null, "/default/money", 0, true),
                new KafkaRoute("orders", null, "/default/never", 0, true)));
        assertThat(routes.exactTopics()).hasValue(List.of("orders", "payments"));
        assertThat(routes.danubeTopic("orders")).isEqualTo("/default/orders");
        assertThat(routes.danubeTopic("payments")).isEqualTo("/default/money");
        assertThatThrownBy(() -> routes.danubeTopic("other")).isInstanceOf(FatalException.class)
                .hasMessage("kafka topic 'other' matches no route of kafka.routes");
    }

    @Test
    void aPatternRouteMakesOneUnionPatternOfAllRoutes() {
        TopicRoutes routes = new TopicRoutes(List.of(
                new KafkaRoute("audit.special", null, "/default/special", 0, true),
                new KafkaRoute(null, Pattern.compile("audit\\..*"), "/default/audit", 0, true)));
        assertThat(routes.exactTopics()).isEmpty();
        Pattern union = routes.subscriptionPattern();
        assertThat(union.matcher("audit.special").matches()).isTrue();
        assertThat(union.matcher("audit.login").matches()).isTrue();
        assertThat(union.matcher("auditXspecial").matches()).as("the exact name is quoted").isFalse();
        assertThat(union.matcher("orders").matches()).isFalse();
        assertThat(routes.danubeTopic("audit.special")).isEqualTo("/default/special");
        assertThat(routes.danubeTopic("audit.login")).isEqualTo("/default/audit");
    }

    @Test
    void oneProducerPerDanubeTopic() {
        TopicRoutes routes = new TopicRoutes(List.of(
                new KafkaRoute("a", null, "/default/all", 3, true),
                new KafkaRoute("b", null, "/default/all", 3, true),
                new KafkaRoute("c", null, "/default/c", 0, false)));
        assertThat(routes.producerConfigs()).containsExactly(ProducerConfig.of("/default/all", 3, true),
                ProducerConfig.of("/default/c", 0, false));
    }
}
