package com.danubemessaging.connect.connectors.pgvector;

import com.danubemessaging.connect.api.SinkRecord;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The row id of a record, by sink-qdrant's rule for point ids, so that the same message (and a redelivery of it)
 * always lands on the same row: an {@code id} that is an unsigned 64-bit number is that number; any other
 * {@code id} is the first 8 bytes (big-endian) of its SHA-256; without an {@code id}, the same of
 * {@code "{topic}:{publish_time}"}. Ids are unsigned 64-bit numbers, stored as {@code numeric(20,0)}.
 */
final class PointId {
    static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    /** What Rust's {@code str::parse::<u64>} accepts: digits, with an optional leading plus. */
    private static final Pattern UNSIGNED = Pattern.compile("\\+?[0-9]{1,20}");

    private PointId() {
    }

    /** The row id for an {@code id} given as text. */
    static BigInteger of(String id) {
        if (UNSIGNED.matcher(id).matches()) {
            BigInteger number = new BigInteger(id.startsWith("+") ? id.substring(1) : id);
            if (number.compareTo(MAX) <= 0) {
                return number;
            }
        }
        return sha256Prefix(id);
    }

    /** The row id of a record without an {@code id}. */
    static BigInteger of(SinkRecord record) {
        return sha256Prefix(record.topic() + ":" + record.publishTimeMillis());
    }

    private static BigInteger sha256Prefix(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, Arrays.copyOf(hash, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
