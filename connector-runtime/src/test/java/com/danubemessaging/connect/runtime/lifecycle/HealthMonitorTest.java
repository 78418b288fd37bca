package com.danubemessaging.connect.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.FatalException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthMonitorTest {

    @Test
    void consecutiveFailuresUpToTheThresholdAreFatalAndASuccessResetsTheCount() {
        AtomicBoolean healthy = new AtomicBoolean(false);
        List<Boolean> reports = new ArrayList<>();
        HealthMonitor m = new HealthMonitor(() -> {
            if (!healthy.get()) {
                throw new IllegalStateException("db down");
            }
        }, Duration.ofNanos(1), 3, reports::add);
        m.checkIfDue();
        m.checkIfDue();
        healthy.set(true);
        m.checkIfDue();
        assertThat(m.consecutiveFailures()).isZero();
        healthy.set(false);
        m.checkIfDue();
        m.checkIfDue();
        assertThatThrownBy(m::checkIfDue).isInstanceOf(FatalException.class)
                .hasMessageContaining("3 consecutive").hasMessageContaining("db down");
        assertThat(reports).containsExactly(false, false, true, false, false, false);
    }

    @Test
    void doesNotCheckBeforeTheInterval() {
        List<Boolean> reports = new ArrayList<>();
        HealthMonitor m = new HealthMonitor(() -> { }, Duration.ofHours(1), 3, reports::add);
        m.checkIfDue();
        assertThat(reports).isEmpty();
        assertThat(m.untilDue()).isPositive();
    }

    @Test
    void stopSignalEndsWaitsEarly() {
        StopSignal s = new StopSignal(Duration.ofSeconds(1));
        assertThat(s.await(Duration.ofMillis(1))).isFalse();
        s.stop();
        assertThat(s.await(Duration.ofHours(1))).isTrue();
        assertThat(s.isStopped()).isTrue();
    }
}
