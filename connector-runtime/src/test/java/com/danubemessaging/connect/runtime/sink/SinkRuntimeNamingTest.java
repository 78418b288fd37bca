package com.danubemessaging.connect.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.SubscriptionType;
import org.junit.jupiter.api.Test;

class SinkRuntimeNamingTest {

    private static String name(String base, SubscriptionType type, String instanceId) {
        return SinkSubscriptions.consumerName(ConsumerConfig.of("/default/t", base, "sub", type), instanceId);
    }

    @Test
    void sharedAndKeySharedAppendTheInstanceIdOnceSoReplicasShareTheSubscription() {
        assertThat(name("pg-sink", SubscriptionType.SHARED, "pod-a")).isEqualTo("pg-sink-pod-a");
        assertThat(name("pg-sink", SubscriptionType.KEY_SHARED, "pod-a")).isEqualTo("pg-sink-pod-a");
        assertThat(name("pg-sink-pod-a", SubscriptionType.SHARED, "pod-a")).isEqualTo("pg-sink-pod-a");
        assertThat(name("pg-sink", SubscriptionType.SHARED, "")).isEqualTo("pg-sink");
    }

    /**
     * danube {@code topic.rs} refuses another consumer name on an Exclusive subscription for as long as the broker
     * runs, and {@code dispatcher/exclusive.rs} keeps the first Failover consumer active: a restarted pod (new
     * instance id) must come back under the same name.
     */
    @Test
    void exclusiveAndFailoverKeepOneNameAcrossInstances() {
        assertThat(name("pg-sink", SubscriptionType.EXCLUSIVE, "pod-a")).isEqualTo("pg-sink");
        assertThat(name("pg-sink", SubscriptionType.EXCLUSIVE, "pod-b")).isEqualTo("pg-sink");
        assertThat(name("pg-sink", SubscriptionType.FAILOVER, "pod-b")).isEqualTo("pg-sink");
    }
}
