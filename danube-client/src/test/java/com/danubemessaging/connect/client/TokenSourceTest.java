package com.danubemessaging.connect.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourceTest {

    @Test
    void fileTokenIsReReadWhenTheFileChanges(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "first-token\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        TokenSource tokens = TokenSource.file(file);
        assertThat(tokens.token()).isEqualTo("first-token");

        Files.writeString(file, "second-token-longer");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:05:00Z")));
        assertThat(tokens.token()).isEqualTo("second-token-longer");
    }

    @Test
    void keepsTheLastTokenWhileTheFileIsMissing(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "kept");
        TokenSource tokens = TokenSource.file(file);
        assertThat(tokens.token()).isEqualTo("kept");
        Files.delete(file);
        assertThat(tokens.token()).isEqualTo("kept");
    }
}
