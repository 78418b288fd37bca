package com.danubemessaging.connect.runtime.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.api.RetrySettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void doublesFromTheBaseAndCapsAtTheMaximum() {
        RetryPolicy p = new RetryPolicy(new RetrySettings(3, 100, 1000), () -> 0.5); // jitter factor 1.0
        assertThat(p.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(p.backoff(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(p.backoff(5)).isEqualTo(Duration.ofMillis(1000));
        assertThat(p.backoff(500)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void jitterStaysBetweenHalfAndOneAndAHalfButNeverAboveTheMaximum() {
        assertThat(new RetryPolicy(new RetrySettings(3, 100, 1000), () -> 0.0).backoff(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(new RetryPolicy(new RetrySettings(3, 100, 1000), () -> 0.999).backoff(1).toMillis()).isEqualTo(149);
        assertThat(new RetryPolicy(new RetrySettings(3, 100, 1000), () -> 0.999).backoff(9)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void allowsMaxRetriesRetries() {
        RetryPolicy p = new RetryPolicy(new RetrySettings(2, 1, 1));
        assertThat(p.canRetry(0)).isTrue();
        assertThat(p.canRetry(1)).isTrue();
        assertThat(p.canRetry(2)).isFalse();
    }
}
