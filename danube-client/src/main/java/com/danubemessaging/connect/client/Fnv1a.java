package com.danubemessaging.connect.client;

import java.nio.charset.StandardCharsets;

/** 64-bit FNV-1a, the hash Danube producers use to route keyed messages to partitions. */
final class Fnv1a {

    static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    static final long PRIME = 0x100000001b3L;

    private Fnv1a() {
    }

    static long hash64(String key) {
        long hash = OFFSET_BASIS;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= (b & 0xff);
            hash *= PRIME;
        }
        return hash;
    }

    /** The partition for a key: the hash as an unsigned number modulo the partition count. */
    static int partitionFor(String key, int partitions) {
        return (int) Long.remainderUnsigned(hash64(key), partitions);
    }
}
