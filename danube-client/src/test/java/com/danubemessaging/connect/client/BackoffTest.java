package com.danubemessaging.connect.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final RetryOptions defaults = RetryOptions.defaults();

    @Test
    void growsLinearlyAndIsCapped() {
        Backoff backoff = new Backoff(defaults, () -> 1.0);
        assertThat(backoff.ceilingMillis(0)).isEqualTo(200);
        assertThat(backoff.ceilingMillis(1)).isEqualTo(400);
        assertThat(backoff.ceilingMillis(4)).isEqualTo(1000);
        assertThat(backoff.ceilingMillis(24)).isEqualTo(5000);
        assertThat(backoff.ceilingMillis(25)).isEqualTo(5000);
        assertThat(backoff.ceilingMillis(Integer.MAX_VALUE)).isEqualTo(5000);
    }

    @Test
    void jitterStaysBetweenHalfAndAllOfTheCeiling() {
        assertThat(new Backoff(defaults, () -> 0.0).delayMillis(2)).isEqualTo(300);
        assertThat(new Backoff(defaults, () -> 0.5).delayMillis(2)).isEqualTo(450);
        assertThat(new Backoff(defaults, () -> 1.0).delayMillis(2)).isEqualTo(600);
        Backoff random = new Backoff(defaults);
        for (int i = 0; i < 1000; i++) {
            assertThat(random.delayMillis(3)).isBetween(400L, 800L);
        }
    }

    @Test
    void honoursCustomOptions() {
        Backoff backoff = new Backoff(new RetryOptions(2, Duration.ofMillis(50), Duration.ofMillis(120)), () -> 1.0);
        assertThat(backoff.ceilingMillis(0)).isEqualTo(50);
        assertThat(backoff.ceilingMillis(1)).isEqualTo(100);
        assertThat(backoff.ceilingMillis(2)).isEqualTo(120);
    }
}
