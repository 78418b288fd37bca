package com.danubemessaging.connect.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.runtime.health.HealthState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RuntimeLifecycleTest {
    private final HealthState health = new HealthState();
    private final RuntimeLifecycle lifecycle = new RuntimeLifecycle("sink", "orders-sink", health,
            Duration.ofSeconds(2));
    private final List<Boolean> closes = new ArrayList<>();

    private void close(FatalException failure) {
        closes.add(failure != null);
    }

    @Test
    void aFailureBecomesFatalAfterTheCloseAndMarksTheProcessNotLive() throws Exception {
        assertThatThrownBy(() -> lifecycle.run(() -> {
            throw new IllegalStateException("boom");
        }, this::close)).isInstanceOf(FatalException.class).hasMessageContaining("sink runtime")
                .hasMessageContaining("boom");
        assertThat(closes).containsExactly(true);
        assertThat(health.livenessProblem()).hasValueSatisfying(r -> assertThat(r).contains("boom"));
        assertThat(lifecycle.awaitTermination(Duration.ZERO)).isTrue();
    }

    @Test
    void aConfigurationErrorIsReportedAsSuch() {
        assertThatThrownBy(() -> lifecycle.run(() -> {
            throw new ConfigurationException("consumerConfigs() returned no topic");
        }, this::close)).isInstanceOf(FatalException.class)
                .hasMessage("configuration error: consumerConfigs() returned no topic");
    }

    @Test
    void stopEndsTheBodyAndANormalEndClosesWithoutFailure() throws Exception {
        Thread runner = new Thread(() -> lifecycle.run(() -> lifecycle.stopSignal().await(Duration.ofMinutes(1)),
                this::close));
        runner.start();
        lifecycle.stop();
        assertThat(lifecycle.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(closes).containsExactly(false);
        assertThat(health.isStopping()).isTrue();
        assertThat(health.isLive()).isTrue();
        assertThatThrownBy(() -> lifecycle.run(() -> { }, this::close)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already");
    }

    @Test
    void theDrainBudgetKeepsAQuarterOfTheTimeoutAtMostFiveSecondsForTheClose() {
        assertThat(RuntimeLifecycle.drainBudget(Duration.ofSeconds(25))).isEqualTo(Duration.ofSeconds(20));
        assertThat(RuntimeLifecycle.drainBudget(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(55));
        assertThat(RuntimeLifecycle.drainBudget(Duration.ofMillis(2000))).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aBackOffRunningWhenTheStopComesEndsAtOnce() throws Exception {
        StopSignal stop = new StopSignal(Duration.ofMinutes(1));
        CompletableFuture<Void> backOff = CompletableFuture.runAsync(() -> stop.backOff(Duration.ofMinutes(5), "x"));
        Thread.sleep(200);
        assertThat(backOff).isNotDone();
        long start = System.nanoTime();
        stop.stop();
        backOff.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aBackOffAfterTheStopLastsNoLongerThanTheDrainLeft() {
        StopSignal stop = new StopSignal(Duration.ofMillis(300));
        stop.stop();
        long start = System.nanoTime();
        stop.backOff(Duration.ofMinutes(5), "sends");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(stop.drainOver()).isTrue();
    }

    @Test
    void aBodyStuckPastTheDrainBudgetIsInterruptedAndStillClosed() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Thread runner = new Thread(() -> {
            try {
                lifecycle.run(() -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        throw new FatalException("interrupted in a connector call", e);
                    }
                }, this::close);
            } catch (FatalException expected) {
                // the stuck call ended by the interrupt
            }
        });
        runner.start();
        Thread.sleep(100);
        long start = System.nanoTime();
        lifecycle.stop();
        // shutdown timeout 2 s: drain budget 1.5 s, the interrupt 0.25 s later, still inside the timeout
        assertThat(lifecycle.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1650),
                Duration.ofSeconds(2));
        assertThat(closes).containsExactly(true);
    }
}
