package com.danubemessaging.connect.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubscriptionTypeTest {

    @Test
    void parsesTheUpstreamSpellingsAndKeyShared() {
        assertThat(SubscriptionType.parse("Exclusive")).isEqualTo(SubscriptionType.EXCLUSIVE);
        assertThat(SubscriptionType.parse("Shared")).isEqualTo(SubscriptionType.SHARED);
        assertThat(SubscriptionType.parse("FailOver")).isEqualTo(SubscriptionType.FAILOVER);
        assertThat(SubscriptionType.parse("key_shared")).isEqualTo(SubscriptionType.KEY_SHARED);
        assertThatThrownBy(() -> SubscriptionType.parse("Broadcast"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("KeyShared");
    }

    @Test
    void configsValidateTheirFields() {
        assertThatThrownBy(() -> ProducerConfig.of("/default/t", -1, true)).isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> ConsumerConfig.of("/default/t", "", "sub", SubscriptionType.SHARED))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("consumer name");
        assertThat(ConsumerConfig.of("/default/t", "c", "s", null).subscriptionType()).isEqualTo(SubscriptionType.SHARED);
    }
}
