package com.danubemessaging.connect.connectors.clickhouse;

import com.danubemessaging.connect.api.SinkRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code insert_deduplication_token} of one INSERT: a SHA-256 over the message ids of its rows, in order. The
 * same messages handed over again in the same batch give the same token, so a server that deduplicates by token
 * (ClickHouse 22.2+, on Replicated tables or with {@code non_replicated_deduplication_window}) stores them once.
 */
final class DeduplicationToken {

    private DeduplicationToken() {
    }

    static String of(List<SinkRecord> records) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        for (SinkRecord record : records) {
            sha256.update(record.messageId().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
        }
        return "danube-" + HexFormat.of().formatHex(sha256.digest());
    }
}
