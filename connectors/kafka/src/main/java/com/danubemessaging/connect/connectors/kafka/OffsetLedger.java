package com.danubemessaging.connect.connectors.kafka;

import com.danubemessaging.connect.api.Offset;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which Kafka offsets may be committed: per assigned partition, the position up to which every record was either
 * acknowledged by Danube or handled as invalid data.
 *
 * <p>Threading: {@link #acknowledged} may be called from any thread (the runtime's commit); it only queues. Every
 * other method belongs to the thread that owns the {@code KafkaConsumer}, which folds the queue in with
 * {@link #applyAcknowledgements()}. So the consumer is only ever touched by its own thread.
 *
 * <p>Rebalances: each assignment of a partition gets a new epoch, carried in the {@link Offset#metadata()} of the
 * offsets handed out. An acknowledgement from an earlier epoch (a record read before the partition was revoked and
 * published after) is ignored: the partition's new owner re-reads that record from the committed position, and a
 * late commit from here could move the group's offset backwards.
 */
final class OffsetLedger {

    private final ConcurrentLinkedQueue<Offset> acknowledgements = new ConcurrentLinkedQueue<>();
    private final Map<String, Progress> partitions = new HashMap<>();
    private long epochs;

    /** Per-partition state of one assignment. */
    private static final class Progress {
        final TopicPartition partition;
        final String epoch;
        /** Offsets of valid records handed to the runtime and not yet acknowledged, ascending. */
        final ArrayDeque<Long> outstanding = new ArrayDeque<>();
        /** Offsets of invalid records the runtime has handled (counted or dead-lettered). */
        final TreeSet<Long> skipped = new TreeSet<>();
        /** Every record below this offset is done; -1 until the first record of the assignment is seen. */
        long position = -1;
        /** The last position sent in a commit, and the last one Kafka confirmed. */
        long requested = -1;
        long confirmed = -1;

        Progress(TopicPartition partition, String epoch) {
            this.partition = partition;
            this.epoch = epoch;
        }

        void acknowledged(long next) {
            while (!outstanding.isEmpty() && outstanding.peekFirst() < next) {
                outstanding.pollFirst();
            }
            position = Math.max(position, next);
            skipPastHandledInvalid();
        }

        /** An invalid record is done once every valid record before it is acknowledged. */
        void skipPastHandledInvalid() {
            while (!skipped.isEmpty() && (outstanding.isEmpty() || skipped.first() < outstanding.peekFirst())) {
                position = Math.max(position, skipped.pollFirst() + 1);
            }
        }

        void seen(long offset) {
            if (position < 0) {
                // the first record of an assignment is at the consumer's start position: nothing before it is owed,
                // and there is nothing to commit until the position moves past it
                position = offset;
                requested = offset;
                confirmed = offset;
            }
        }
    }

    /** The runtime acknowledged these offsets (any thread). */
    void acknowledged(List<Offset> offsets) {
        acknowledgements.addAll(offsets);
    }

    /** Folds queued acknowledgements into the partitions they still belong to. */
    void applyAcknowledgements() {
        for (Offset o = acknowledgements.poll(); o != null; o = acknowledgements.poll()) {
            Progress p = partitions.get(o.partition());
            if (p != null && p.epoch.equals(o.metadata())) {
                p.acknowledged(o.value());
            }
        }
    }

    /** Partitions assigned to this consumer: each starts a new epoch. */
    void assigned(Collection<TopicPartition> assigned) {
        for (TopicPartition tp : assigned) {
            partitions.put(tp.toString(), new Progress(tp, Long.toString(++epochs)));
        }
    }

    /** Partitions revoked or lost: their state is dropped, later acknowledgements for them are ignored. */
    void removed(Collection<TopicPartition> removed) {
        removed.forEach(tp -> partitions.remove(tp.toString()));
    }

    boolean owns(TopicPartition tp) {
        return partitions.containsKey(tp.toString());
    }

    /**
     * A valid record is handed to the runtime.
     *
     * @return the offset to attach: the next offset to read, in the partition's current epoch
     * @throws IllegalStateException for a partition that is not assigned
     */
    Offset handedOut(TopicPartition tp, long offset) {
        Progress p = progress(tp);
        p.seen(offset);
        p.outstanding.addLast(offset);
        return Offset.of(tp.toString(), offset + 1, p.epoch);
    }

    /** An invalid record was handled by the runtime (counted, skipped or dead-lettered). */
    void handledInvalid(TopicPartition tp, long offset) {
        Progress p = partitions.get(tp.toString());
        if (p == null) {
            return;
        }
        p.seen(offset);
        p.skipped.add(offset);
        p.skipPastHandledInvalid();
    }

    /** Positions that moved past the last requested commit, among {@code among} (null = all partitions). */
    Map<TopicPartition, OffsetAndMetadata> toCommit(Collection<TopicPartition> among) {
        Map<TopicPartition, OffsetAndMetadata> commits = new LinkedHashMap<>();
        for (Progress p : partitions.values()) {
            if ((among == null || among.contains(p.partition)) && p.position > p.requested) {
                commits.put(p.partition, new OffsetAndMetadata(p.position));
            }
        }
        return commits;
    }

    /** Positions not yet confirmed by Kafka, among {@code among} (null = all): for a final, synchronous commit. */
    Map<TopicPartition, OffsetAndMetadata> unconfirmed(Collection<TopicPartition> among) {
        Map<TopicPartition, OffsetAndMetadata> commits = new LinkedHashMap<>();
        for (Progress p : partitions.values()) {
            if ((among == null || among.contains(p.partition)) && p.position > p.confirmed) {
                commits.put(p.partition, new OffsetAndMetadata(p.position));
            }
        }
        return commits;
    }

    /** A commit of these positions was sent. */
    void requested(Map<TopicPartition, OffsetAndMetadata> commits) {
        commits.forEach((tp, o) -> {
            Progress p = partitions.get(tp.toString());
            if (p != null) {
                p.requested = Math.max(p.requested, o.offset());
            }
        });
    }

    /** Kafka confirmed, or refused, a commit of these positions. */
    void completed(Map<TopicPartition, OffsetAndMetadata> commits, boolean succeeded) {
        commits.forEach((tp, o) -> {
            Progress p = partitions.get(tp.toString());
            if (p == null) {
                return;
            }
            if (succeeded) {
                p.confirmed = Math.max(p.confirmed, o.offset());
            } else {
                // sent again with the next commit
                p.requested = p.confirmed;
            }
        });
    }

    /** The committable position of a partition, -1 when unknown or not assigned; for tests and logs. */
    long position(TopicPartition tp) {
        Progress p = partitions.get(tp.toString());
        return p == null ? -1 : p.position;
    }

    private Progress progress(TopicPartition tp) {
        Progress p = partitions.get(tp.toString());
        if (p == null) {
            throw new IllegalStateException("partition " + tp + " is not assigned");
        }
        return p;
    }
}
