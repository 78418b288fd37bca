package com.danubemessaging.connect.runtime.app;

import com.danubemessaging.connect.runtime.config.RuntimeEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the reason of a fatal error goes so Kubernetes shows it as the container's termination message (and the
 * operator copies it into the CR status). {@code /dev/termination-log} is written only when it exists (the kubelet
 * creates it); {@code DANUBE_CONNECT_TERMINATION_LOG} names another file, which is created if needed.
 */
final class TerminationLog {

    /** Kubernetes reads at most 4096 bytes of the termination message. */
    static final int MAX_BYTES = 4096;

    private final Optional<Path> path;

    private TerminationLog(Optional<Path> path) {
        this.path = path;
    }

    static TerminationLog fromEnv(Map<String, String> env) {
        String override = env.get(RuntimeEnv.TERMINATION_LOG);
        if (override != null && !override.isBlank()) {
            return new TerminationLog(Optional.of(Path.of(override.trim())));
        }
        Path standard = Path.of(RuntimeEnv.DEFAULT_TERMINATION_LOG);
        return new TerminationLog(Files.exists(standard) ? Optional.of(standard) : Optional.empty());
    }

    Optional<Path> path() {
        return path;
    }

    /** Writes the reason, cut to {@link #MAX_BYTES}; returns false (never throws) when it could not. */
    boolean write(String reason) {
        if (path.isEmpty()) {
            return false;
        }
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            String cut = new String(bytes, 0, MAX_BYTES - 3, StandardCharsets.UTF_8);
            // A cut in the middle of a multi-byte character leaves a replacement char; drop it.
            bytes = (cut.replace("\uFFFD", "") + "...").getBytes(StandardCharsets.UTF_8);
        }
        try {
            Files.write(path.get(), bytes);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
