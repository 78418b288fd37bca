package com.danubemessaging.connect.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsumerConfigTest {

    @Test
    void configsWrittenForEarlierVersionsCreateAReliableUnpartitionedTopic() {
        ConsumerConfig old = new ConsumerConfig("/default/t", "c", "s", SubscriptionType.EXCLUSIVE, null, List.of());
        assertThat(old.partitions()).isZero();
        assertThat(old.reliableDispatch()).isTrue();
        assertThat(ConsumerConfig.of("/default/t", "c", "s", SubscriptionType.EXCLUSIVE)).isEqualTo(old);
    }

    @Test
    void theTopicLayoutSurvivesTheOtherCopies() {
        ConsumerConfig cc = ConsumerConfig.of("/default/t", "c", "s", SubscriptionType.KEY_SHARED)
                .withTopicLayout(4, false).withKeyFilters(List.of("eu-*")).withExpectedSchemaSubject("t-value");
        assertThat(cc.partitions()).isEqualTo(4);
        assertThat(cc.reliableDispatch()).isFalse();
        assertThat(cc.keyFilters()).containsExactly("eu-*");
        assertThat(cc.expectedSchemaSubject()).isEqualTo("t-value");
        assertThatThrownBy(() -> cc.withTopicLayout(-1, true)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("partitions for /default/t must be >= 0");
    }
}
