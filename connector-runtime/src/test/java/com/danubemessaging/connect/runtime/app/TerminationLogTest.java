package com.danubemessaging.connect.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.runtime.config.RuntimeEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminationLogTest {

    @TempDir
    Path dir;

    @Test
    void writesTheReasonToTheConfiguredFile() throws IOException {
        Path file = dir.resolve("termination-log");
        TerminationLog log = TerminationLog.fromEnv(Map.of(RuntimeEnv.TERMINATION_LOG, file.toString()));

        assertThat(log.write("connector 'x' failed: boom")).isTrue();

        assertThat(Files.readString(file)).isEqualTo("connector 'x' failed: boom");
    }

    @Test
    void cutsLongReasonsToWhatKubernetesKeeps() throws IOException {
        Path file = dir.resolve("termination-log");
        TerminationLog log = TerminationLog.fromEnv(Map.of(RuntimeEnv.TERMINATION_LOG, file.toString()));

        log.write("é".repeat(5000));

        byte[] written = Files.readAllBytes(file);
        assertThat(written.length).isLessThanOrEqualTo(TerminationLog.MAX_BYTES);
        assertThat(new String(written, StandardCharsets.UTF_8)).endsWith("...").doesNotContain("\uFFFD");
    }

    @Test
    void anUnwritableFileIsNotAnError() {
        TerminationLog log = TerminationLog.fromEnv(Map.of(RuntimeEnv.TERMINATION_LOG,
                dir.resolve("missing-dir/termination-log").toString()));
        assertThat(log.write("reason")).isFalse();
    }
}
