package com.danubemessaging.connect.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.runtime.health.HealthState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeLifecycleTest {
    private final HealthState health = new HealthState();
    private final RuntimeLifecycle lifecycle = new RuntimeLifecycle("sink", "orders-sink", health);
    private final List<Boolean> closes = new ArrayList<>();

    @Test
    void aFailureBecomesFatalAfterTheCloseAndMarksTheProcessNotLive() throws Exception {
        assertThatThrownBy(() -> lifecycle.run(() -> {
            throw new IllegalStateException("boom");
        }, closes::add)).isInstanceOf(FatalException.class).hasMessageContaining("sink runtime")
                .hasMessageContaining("boom");
        assertThat(closes).containsExactly(true);
        assertThat(health.livenessProblem()).hasValueSatisfying(r -> assertThat(r).contains("boom"));
        assertThat(lifecycle.awaitTermination(Duration.ZERO)).isTrue();
    }

    @Test
    void aConfigurationErrorIsReportedAsSuch() {
        assertThatThrownBy(() -> lifecycle.run(() -> {
            throw new ConfigurationException("consumerConfigs() returned no topic");
        }, closes::add)).isInstanceOf(FatalException.class)
                .hasMessage("configuration error: consumerConfigs() returned no topic");
    }

    @Test
    void stopEndsTheBodyAndANormalEndClosesWithoutFailure() throws Exception {
        Thread runner = new Thread(() -> lifecycle.run(() -> lifecycle.stopSignal().await(Duration.ofMinutes(1)),
                closes::add));
        runner.start();
        lifecycle.stop();
        assertThat(lifecycle.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(closes).containsExactly(false);
        assertThat(health.isStopping()).isTrue();
        assertThat(health.isLive()).isTrue();
        assertThatThrownBy(() -> lifecycle.run(() -> { }, closes::add)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already");
    }

    @Test
    void aBackOffAfterTheStopLastsNoLongerThanTheDrainLeft() {
        StopSignal stop = lifecycle.stopSignal();
        stop.stop();
        long start = System.nanoTime();
        stop.backOff(Duration.ofMinutes(5), Duration.ZERO, "sends");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
