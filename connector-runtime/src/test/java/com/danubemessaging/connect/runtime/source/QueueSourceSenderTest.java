package com.danubemessaging.connect.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.SourceRecord;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class QueueSourceSenderTest {

    @Test
    void blocksWhenFullAndResumesWhenTheRuntimeTakes() throws Exception {
        QueueSourceSender sender = new QueueSourceSender(2);
        sender.send(SourceRecord.ofString("/d/t", "1"));
        sender.send(SourceRecord.ofString("/d/t", "2"));
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> sender.send(SourceRecord.ofString("/d/t", "3")));
        // the third send cannot complete while the queue is full
        assertThat(third).isNotDone();
        assertThat(sender.take(1, Duration.ofSeconds(1))).hasSize(1);
        third.get();
        assertThat(sender.drain(10)).hasSize(2);
    }

    @Test
    void closeRejectsNewRecordsAndReleasesBlockedSenders() {
        QueueSourceSender sender = new QueueSourceSender(1);
        sender.send(SourceRecord.ofString("/d/t", "1"));
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> sender.send(SourceRecord.ofString("/d/t", "2")));
        sender.close();
        await().atMost(Duration.ofSeconds(5)).until(blocked::isDone);
        assertThat(blocked).isCompletedExceptionally();
        assertThatThrownBy(() -> sender.send(SourceRecord.ofString("/d/t", "3"))).isInstanceOf(FatalException.class);
        assertThat(sender.isClosed()).isTrue();
        assertThat(sender.drain(10)).hasSize(1);
    }

    @Test
    void producerNamesFollowUpstream() {
        assertThat(ProducerRouter.producerName("mqtt-src", "/iot/temp")).isEqualTo("mqtt-src--iot-temp");
    }
}
