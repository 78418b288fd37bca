package com.danubemessaging.connect.runtime.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SinkRuntimeNamingTest {

    @Test
    void appendsTheInstanceIdOnceSoReplicasShareTheSubscription() {
        assertThat(SinkRuntime.consumerName("pg-sink", "pod-a")).isEqualTo("pg-sink-pod-a");
        assertThat(SinkRuntime.consumerName("pg-sink-pod-a", "pod-a")).isEqualTo("pg-sink-pod-a");
        assertThat(SinkRuntime.consumerName("pg-sink", "")).isEqualTo("pg-sink");
    }
}
