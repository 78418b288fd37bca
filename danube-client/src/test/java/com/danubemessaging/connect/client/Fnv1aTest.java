package com.danubemessaging.connect.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Fnv1aTest {

    @Test
    void matchesPublishedFnv1a64Vectors() {
        assertThat(Fnv1a.hash64("")).isEqualTo(0xcbf29ce484222325L);
        assertThat(Fnv1a.hash64("a")).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(Fnv1a.hash64("foobar")).isEqualTo(0x85944171f73967e8L);
    }

    @Test
    void partitionTreatsTheHashAsUnsigned() {
        // 0xaf63dc4c8601ec8c is negative as a signed long; unsigned it is 12638187200555641996.
        assertThat(Fnv1a.partitionFor("a", 7))
                .isEqualTo(new java.math.BigInteger("12638187200555641996").mod(java.math.BigInteger.valueOf(7)).intValue());
        assertThat(Fnv1a.partitionFor("foobar", 3))
                .isEqualTo(new java.math.BigInteger("85944171f73967e8", 16).mod(java.math.BigInteger.valueOf(3)).intValue());
    }

    @Test
    void hashesUtf8Bytes() {
        // "é" is two UTF-8 bytes; hashing them by hand must give the same value.
        long expected = 0xcbf29ce484222325L;
        for (byte b : new byte[] {(byte) 0xc3, (byte) 0xa9}) {
            expected = (expected ^ (b & 0xff)) * 0x100000001b3L;
        }
        assertThat(Fnv1a.hash64("é")).isEqualTo(expected);
    }
}
