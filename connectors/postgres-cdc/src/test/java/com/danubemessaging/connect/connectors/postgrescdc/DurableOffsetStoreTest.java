package com.danubemessaging.connect.connectors.postgrescdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offset file round-trips the engine's entries and stays readable. */
class DurableOffsetStoreTest {
    @TempDir
    Path dir;

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesAtomicallyAndReadsBack() throws Exception {
        Path file = dir.resolve("sub/offsets.json");
        assertThat(DurableOffsetStore.read(file)).isEmpty();
        Map<ByteBuffer, ByteBuffer> entries = Map.of(utf8("[\"shop-cdc\",{\"server\":\"danube_shop\"}]"),
                utf8("{\"lsn_proc\":123,\"lsn_commit\":100,\"txId\":7}"));
        DurableOffsetStore.write(file, entries);
        assertThat(DurableOffsetStore.read(file)).isEqualTo(entries);
        assertThat(Files.readString(file)).contains("lsn_commit");
        assertThat(Files.exists(dir.resolve("sub/offsets.json.tmp"))).isFalse();
    }
}
