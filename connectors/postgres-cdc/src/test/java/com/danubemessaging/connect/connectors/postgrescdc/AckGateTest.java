package com.danubemessaging.connect.connectors.postgrescdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The gate between Debezium's engine thread and the runtime. */
class AckGateTest {
    private static final Duration NO_WAIT = Duration.ZERO;

    private static CompletableFuture<List<String>> offerAsync(AckGate<String> gate, List<String> batch) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return gate.offer(batch);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static List<Long> seqs(List<AckGate.Entry<String>> entries) {
        return entries.stream().map(AckGate.Entry::seq).toList();
    }

    @Test
    void theBatchIsReleasedOnlyWhenAllOfItIsAcknowledged() throws Exception {
        AckGate<String> gate = new AckGate<>();
        CompletableFuture<List<String>> offered = offerAsync(gate, List.of("a", "b", "c"));
        List<AckGate.Entry<String>> first = gate.take(2, Duration.ofSeconds(5));
        assertThat(seqs(first)).containsExactly(1L, 2L);
        gate.acknowledged(2);
        Thread.sleep(100);
        assertThat(offered).isNotDone();
        assertThat(seqs(gate.take(10, NO_WAIT))).containsExactly(3L);
        gate.acknowledged(3);
        assertThat(offered.get(5, TimeUnit.SECONDS)).containsExactly("a", "b", "c");
    }

    @Test
    void closingReleasesOnlyTheAcknowledgedPrefix() throws Exception {
        AckGate<String> gate = new AckGate<>();
        CompletableFuture<List<String>> offered = offerAsync(gate, List.of("a", "b", "c"));
        gate.take(3, Duration.ofSeconds(5));
        gate.acknowledged(1);
        gate.close();
        assertThat(offered.get(5, TimeUnit.SECONDS)).containsExactly("a");
        assertThat(gate.offer(List.of("d"))).isEmpty();
    }

    @Test
    void skippedEventsCountOnceEverythingBeforeThemIsAcknowledged() throws Exception {
        AckGate<String> gate = new AckGate<>();
        CompletableFuture<List<String>> offered = offerAsync(gate, List.of("data", "heartbeat"));
        gate.take(2, Duration.ofSeconds(5));
        gate.skip(2);
        assertThat(gate.acknowledgedSeq()).isZero();
        gate.acknowledged(1);
        assertThat(gate.acknowledgedSeq()).isEqualTo(2);
        assertThat(offered.get(5, TimeUnit.SECONDS)).containsExactly("data", "heartbeat");

        CompletableFuture<List<String>> onlyHeartbeat = offerAsync(gate, List.of("heartbeat"));
        gate.take(1, Duration.ofSeconds(5));
        gate.skip(3);
        assertThat(onlyHeartbeat.get(5, TimeUnit.SECONDS)).containsExactly("heartbeat");
    }

    @Test
    void putBackKeepsOrderAndSequenceNumbers() throws Exception {
        AckGate<String> gate = new AckGate<>();
        offerAsync(gate, List.of("a", "b", "c"));
        List<AckGate.Entry<String>> taken = gate.take(3, Duration.ofSeconds(5));
        gate.putBack(taken.subList(1, 3));
        assertThat(seqs(gate.take(5, NO_WAIT))).containsExactly(2L, 3L);
        assertThat(gate.take(5, Duration.ofMillis(20))).isEmpty();
        gate.close();
    }
}
