package com.danubemessaging.connect.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueueSourceSenderTest {
    private final ConnectorMetrics metrics = new ConnectorMetrics("test");

    private double inflight() {
        var gauge = metrics.registry().find("danube.connector.inflight.messages").gauge();
        return gauge == null ? 0 : gauge.value();
    }

    @Test
    void blocksWhenFullAndResumesWhenTheRuntimeTakes() throws Exception {
        QueueSourceSender sender = new QueueSourceSender(2, metrics);
        sender.send(SourceRecord.ofString("/d/t", "1"));
        sender.send(SourceRecord.ofString("/d/t", "2"));
        CompletableFuture<CompletionStage<Void>> third = new CompletableFuture<>();
        Thread sending = new Thread(() -> third.complete(sender.send(SourceRecord.ofString("/d/t", "3"))),
                "third-send");
        sending.start();
        // the proof that send() blocks: the sending thread parks inside QueueSourceSender.send while the queue is
        // full, rather than merely not having run yet
        await("the third send parks in send()").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> parkedIn(sending, "send"));
        Thread.sleep(200);
        assertThat(parkedIn(sending, "send")).as("still parked in send() 200 ms later").isTrue();
        assertThat(third).isNotDone();
        assertThat(inflight()).as("a blocked record is not accepted yet").isEqualTo(2);
        List<PendingRecord> first = sender.take(1, Duration.ofSeconds(1));
        assertThat(first).extracting(r -> r.record().payload().asText()).containsExactly("1");
        assertThat(third.get(5, TimeUnit.SECONDS)).isNotNull();
        sending.join(5_000);
        assertThat(sending.isAlive()).isFalse();
        assertThat(inflight()).isEqualTo(3);
        assertThat(sender.drain(10)).extracting(r -> r.record().payload().asText()).containsExactly("2", "3");
    }

    /** True when {@code thread} waits (parked) with {@code QueueSourceSender.method} on its stack. */
    private static boolean parkedIn(Thread thread, String method) {
        Thread.State state = thread.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals(QueueSourceSender.class.getName()) && frame.getMethodName().equals(method)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aCompletionSettlesWhenTheRuntimeSettlesTheRecord() throws Exception {
        QueueSourceSender sender = new QueueSourceSender(4, metrics);
        CompletionStage<Void> ok = sender.send(SourceRecord.ofString("/d/t", "ok"));
        CompletionStage<Void> bad = sender.send(SourceRecord.ofString("/d/t", "bad"));
        List<PendingRecord> taken = sender.take(4, Duration.ofSeconds(1));
        assertThat(ok.toCompletableFuture()).isNotDone();
        taken.get(0).published();
        taken.get(1).failed(new IllegalStateException("skipped"));
        assertThat(ok.toCompletableFuture()).isCompleted();
        assertThatThrownBy(() -> bad.toCompletableFuture().join()).hasMessageContaining("skipped");
        assertThat(inflight()).isZero();
    }

    @Test
    void closeRejectsNewRecordsAndReleasesBlockedSenders() {
        QueueSourceSender sender = new QueueSourceSender(1, metrics);
        sender.send(SourceRecord.ofString("/d/t", "1"));
        CompletableFuture<CompletionStage<Void>> blocked =
                CompletableFuture.supplyAsync(() -> sender.send(SourceRecord.ofString("/d/t", "2")));
        sender.close();
        await().atMost(Duration.ofSeconds(5)).until(blocked::isDone);
        assertThat(blocked).isCompletedExceptionally();
        assertThatThrownBy(() -> sender.send(SourceRecord.ofString("/d/t", "3"))).isInstanceOf(FatalException.class);
        assertThat(sender.isClosed()).isTrue();
        assertThat(sender.drain(10)).hasSize(1);
    }

    @Test
    void sendFromTheRuntimeThreadIsRefusedInsteadOfDeadlocking() {
        QueueSourceSender sender = new QueueSourceSender(1, metrics);
        sender.publishingThread(Thread.currentThread());
        assertThatThrownBy(() -> sender.send(SourceRecord.ofString("/d/t", "1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("completion callback");
    }

    @Test
    void producerNamesFollowUpstream() {
        assertThat(ProducerRouter.producerName("mqtt-src", "/iot/temp")).isEqualTo("mqtt-src--iot-temp");
    }
}
