package com.danubemessaging.connect.connectors.deltalake;

import com.danubemessaging.connect.api.SinkRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Which Danube messages a Delta table already holds, for one subscription: per partition topic, the committed
 * offsets as merged ranges, plus the newest publish time among them, plus the sequence number of the last commit.
 * It is stored in the table's log as the configuration of a Delta <em>domain metadata</em> action, written in the
 * same commit as the rows, so the rows and the record of them can never disagree.
 *
 * <p>A message counts as already committed when its offset lies in a range <em>and</em> its publish time is not
 * newer than the newest committed one: a topic that was deleted and created again numbers its messages from 0
 * again, and those new messages are newer. Offset 0 needs more: every message of a non-reliable topic has offset 0,
 * and so has the first message of a reliable one. For offset 0 the ledger keeps the fingerprint (publish time,
 * producer, SHA-256 of the payload) of the last such message committed, and only that exact message counts as
 * committed.
 *
 * <p>Ranges stay few when messages are committed in order. Messages that never get committed (nacked invalid data)
 * leave gaps; beyond {@value #MAX_RANGES_PER_PARTITION} ranges in a partition the oldest gap is closed.
 */
final class OffsetLedger {
    static final int MAX_RANGES_PER_PARTITION = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private static final class Partition {
        final NavigableMap<Long, Long> ranges = new TreeMap<>();
        long maxPublishTime = Long.MIN_VALUE;
        String offsetZero;
    }

    private final Map<String, Partition> partitions = new TreeMap<>();
    private long sequence;
    private boolean pruned;

    /** The ledger stored in a domain's configuration; an empty one for a table that has none yet. */
    static OffsetLedger parse(String configuration) {
        OffsetLedger ledger = new OffsetLedger();
        if (configuration == null || configuration.isBlank()) {
            return ledger;
        }
        try {
            JsonNode root = JSON.readTree(configuration);
            ledger.sequence = root.path("sequence").asLong();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("partitions").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                Partition p = new Partition();
                p.maxPublishTime = entry.getValue().path("max_publish_time").asLong(Long.MIN_VALUE);
                p.offsetZero = entry.getValue().path("offset_zero").asText(null);
                for (JsonNode range : entry.getValue().path("ranges")) {
                    p.ranges.put(range.get(0).asLong(), range.get(1).asLong());
                }
                ledger.partitions.put(entry.getKey(), p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable danube-connect domain metadata: " + configuration, e);
        }
        return ledger;
    }

    /** The sequence number of the last commit (0 before the first). */
    long sequence() {
        return sequence;
    }

    /** Whether the table already holds this message. */
    boolean contains(SinkRecord record) {
        Partition p = partitions.get(record.partitionTopic());
        if (p == null) {
            return false;
        }
        if (record.offset() == 0) {
            return fingerprint(record).equals(p.offsetZero);
        }
        if (record.publishTimeMillis() > p.maxPublishTime) {
            return false;
        }
        Map.Entry<Long, Long> range = p.ranges.floorEntry(record.offset());
        return range != null && range.getValue() >= record.offset();
    }

    /** Records the message as committed. */
    void add(SinkRecord record) {
        Partition p = partitions.computeIfAbsent(record.partitionTopic(), k -> new Partition());
        if (record.offset() == 0) {
            p.offsetZero = fingerprint(record);
            return;
        }
        p.maxPublishTime = Math.max(p.maxPublishTime, record.publishTimeMillis());
        long offset = record.offset();
        long lo = offset;
        long hi = offset;
        Map.Entry<Long, Long> below = p.ranges.floorEntry(offset);
        if (below != null && below.getValue() >= offset - 1) {
            lo = below.getKey();
            hi = Math.max(hi, below.getValue());
        }
        Map.Entry<Long, Long> above = p.ranges.ceilingEntry(offset + 1);
        if (above != null && above.getKey() <= hi + 1) {
            hi = Math.max(hi, above.getValue());
            p.ranges.remove(above.getKey());
        }
        p.ranges.put(lo, hi);
        while (p.ranges.size() > MAX_RANGES_PER_PARTITION) {
            Map.Entry<Long, Long> first = p.ranges.pollFirstEntry();
            Map.Entry<Long, Long> second = p.ranges.pollFirstEntry();
            p.ranges.put(first.getKey(), second.getValue());
            pruned = true;
        }
    }

    /** Whether the last {@link #add} calls closed an old gap to keep the ledger small. */
    boolean pruned() {
        return pruned;
    }

    /** A copy for the next commit, with the sequence number advanced. */
    OffsetLedger next() {
        OffsetLedger copy = parse(toJson());
        copy.sequence = sequence + 1;
        return copy;
    }

    /** The domain configuration. */
    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("sequence", sequence);
        ObjectNode out = root.putObject("partitions");
        partitions.forEach((topic, p) -> {
            ObjectNode node = out.putObject(topic);
            node.put("max_publish_time", p.maxPublishTime);
            if (p.offsetZero != null) {
                node.put("offset_zero", p.offsetZero);
            }
            ArrayNode ranges = node.putArray("ranges");
            p.ranges.forEach((lo, hi) -> ranges.addArray().add(lo).add(hi));
        });
        return root.toString();
    }

    /** {@code publishTime/producer/sha256(payload)} of an offset-0 message. */
    private static String fingerprint(SinkRecord record) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return record.publishTimeMillis() + "/" + record.producerName() + "/"
                    + HexFormat.of().formatHex(sha256.digest(record.payload()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Number of ranges of one partition topic (tests, logs). */
    int ranges(String partitionTopic) {
        Partition p = partitions.get(partitionTopic);
        return p == null ? 0 : p.ranges.size();
    }
}
