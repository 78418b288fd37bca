package com.danubemessaging.connect.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Consistent-hash ring over consumer names, used by KeyShared subscriptions: a key keeps going to the
 * same consumer while the set of consumers is unchanged, and only the keys of a leaving consumer move.
 */
final class HashRing {

    private static final int VIRTUAL_NODES = 64;

    private final TreeMap<Long, String> ring = new TreeMap<>();

    HashRing(List<String> members) {
        for (String member : members) {
            for (int i = 0; i < VIRTUAL_NODES; i++) {
                ring.put(position(member + "#" + i), member);
            }
        }
    }

    /** The member owning {@code key}; null when the ring is empty. */
    String owner(String key) {
        if (ring.isEmpty()) {
            return null;
        }
        Map.Entry<Long, String> entry = ring.ceilingEntry(position(key));
        return entry != null ? entry.getValue() : ring.firstEntry().getValue();
    }

    /** FNV-1a spreads similar short strings poorly over the high bits; a 64-bit finalizer mixes them. */
    static long position(String value) {
        long h = fnv1a64(value);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    static long fnv1a64(String value) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            hash ^= (b & 0xff);
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
