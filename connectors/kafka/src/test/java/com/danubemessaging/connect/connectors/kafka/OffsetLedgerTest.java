package com.danubemessaging.connect.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.api.Offset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetLedgerTest {
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    private final OffsetLedger ledger = new OffsetLedger();

    @Test
    void onlyAcknowledgedPositionsAreCommittedAndEachOnlyOnce() {
        ledger.assigned(List.of(P0, P1));
        Offset a = ledger.handedOut(P0, 10);
        Offset b = ledger.handedOut(P0, 11);
        ledger.handedOut(P1, 0);

        assertThat(a).isEqualTo(Offset.of("orders-0", 11, "1"));
        assertThat(b.value()).isEqualTo(12);
        assertThat(ledger.toCommit(null)).as("nothing acknowledged, nothing to commit").isEmpty();

        ledger.acknowledged(List.of(b));
        assertThat(ledger.toCommit(null)).as("queued until the polling thread applies it").isEmpty();
        ledger.applyAcknowledgements();
        Map<TopicPartition, OffsetAndMetadata> commits = ledger.toCommit(null);
        assertThat(commits).isEqualTo(Map.of(P0, new OffsetAndMetadata(12)));

        ledger.requested(commits);
        assertThat(ledger.toCommit(null)).as("already requested").isEmpty();
        assertThat(ledger.unconfirmed(null)).as("not confirmed yet").isEqualTo(commits);
        ledger.completed(commits, true);
        assertThat(ledger.unconfirmed(null)).isEmpty();
    }

    @Test
    void aFailedCommitIsSentAgain() {
        ledger.assigned(List.of(P0));
        ledger.acknowledged(List.of(ledger.handedOut(P0, 0), ledger.handedOut(P0, 1)));
        ledger.applyAcknowledgements();
        Map<TopicPartition, OffsetAndMetadata> commits = ledger.toCommit(null);
        ledger.requested(commits);
        ledger.completed(commits, false);
        assertThat(ledger.toCommit(null)).isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));
    }

    @Test
    void anInvalidRecordIsPassedOnlyOnceEveryValidRecordBeforeItIsAcknowledged() {
        ledger.assigned(List.of(P0));
        Offset first = ledger.handedOut(P0, 0);
        Offset second = ledger.handedOut(P0, 1);
        ledger.handledInvalid(P0, 2);
        Offset fourth = ledger.handedOut(P0, 3);
        ledger.handledInvalid(P0, 4);

        ledger.acknowledged(List.of(first));
        ledger.applyAcknowledgements();
        assertThat(ledger.position(P0)).isEqualTo(1);
        ledger.acknowledged(List.of(second));
        ledger.applyAcknowledgements();
        assertThat(ledger.position(P0)).as("past the handled invalid record at 2, not past 3").isEqualTo(3);
        ledger.acknowledged(List.of(fourth));
        ledger.applyAcknowledgements();
        assertThat(ledger.position(P0)).as("past the trailing invalid record").isEqualTo(5);
    }

    @Test
    void anInvalidFirstRecordIsCommittableAtOnce() {
        ledger.assigned(List.of(P0));
        ledger.handledInvalid(P0, 7);
        assertThat(ledger.toCommit(null)).isEqualTo(Map.of(P0, new OffsetAndMetadata(8)));
    }

    @Test
    void gapsInOffsetsDoNotHoldBackAnInvalidRecord() {
        // compacted topics and transaction markers leave holes between record offsets
        ledger.assigned(List.of(P0));
        Offset first = ledger.handedOut(P0, 3);
        ledger.handledInvalid(P0, 9);
        ledger.acknowledged(List.of(first));
        ledger.applyAcknowledgements();
        assertThat(ledger.position(P0)).isEqualTo(10);
    }

    @Test
    void acknowledgementsOfAnEarlierAssignmentAreIgnored() {
        ledger.assigned(List.of(P0));
        Offset before = ledger.handedOut(P0, 5);
        ledger.removed(List.of(P0));
        ledger.assigned(List.of(P0));
        Offset after = ledger.handedOut(P0, 3);

        ledger.acknowledged(List.of(before));
        ledger.applyAcknowledgements();
        assertThat(ledger.toCommit(null)).as("an acknowledgement from the revoked assignment").isEmpty();

        ledger.acknowledged(List.of(after));
        ledger.applyAcknowledgements();
        assertThat(ledger.toCommit(null)).isEqualTo(Map.of(P0, new OffsetAndMetadata(4)));
    }

    @Test
    void acknowledgementsForPartitionsNoLongerOwnedAreIgnored() {
        ledger.assigned(List.of(P0, P1));
        Offset p1 = ledger.handedOut(P1, 0);
        ledger.removed(List.of(P1));
        ledger.acknowledged(List.of(p1));
        ledger.applyAcknowledgements();
        assertThat(ledger.toCommit(null)).isEmpty();
        assertThat(ledger.owns(P1)).isFalse();
        assertThat(ledger.owns(P0)).isTrue();
    }

    @Test
    void commitsCanBeLimitedToSomePartitions() {
        ledger.assigned(List.of(P0, P1));
        ledger.acknowledged(List.of(ledger.handedOut(P0, 0), ledger.handedOut(P1, 0)));
        ledger.applyAcknowledgements();
        assertThat(ledger.unconfirmed(List.of(P1))).isEqualTo(Map.of(P1, new OffsetAndMetadata(1)));
    }
}
