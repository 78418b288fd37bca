package com.danubemessaging.connect.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatcherTest {

    @Test
    void flushesWhenFull() {
        Batcher<Integer> b = new Batcher<>(3, Duration.ofHours(1));
        b.add(1);
        b.add(2);
        assertThat(b.shouldFlush()).isFalse();
        b.add(3);
        assertThat(b.shouldFlush()).isTrue();
        assertThat(b.flush()).containsExactly(1, 2, 3);
        assertThat(b.isEmpty()).isTrue();
    }

    @Test
    void flushesANonEmptyBatchAfterTheTimeoutButNeverAnEmptyOne() {
        Batcher<Integer> b = new Batcher<>(100, Duration.ofMillis(50));
        await().atMost(Duration.ofSeconds(2)).until(() -> b.remaining().isZero());
        assertThat(b.shouldFlush()).isFalse();
        b.add(1);
        assertThat(b.shouldFlush()).isTrue();
        assertThat(b.flush()).containsExactly(1);
        assertThat(b.remaining()).isPositive();
    }
}
