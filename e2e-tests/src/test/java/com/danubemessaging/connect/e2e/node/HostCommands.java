package com.danubemessaging.connect.e2e.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the host tools the simulated node needs (ip, unshare, mount, setpriv), failing with their output. */
public final class HostCommands {
    private HostCommands() {
    }

    /** Runs {@code command}; throws with its output when it exits non-zero. */
    public static String run(String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Like {@link #run} but never throws: for clean-up. */
    public static void quietly(String... command) {
        try {
            run(command);
        } catch (RuntimeException e) {
            // clean-up of something that may already be gone
        }
    }

    /** The absolute path of {@code tool} on PATH (or the usual sbin folders), so scripts do not depend on PATH. */
    public static String which(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool).toString();
            }
        }
        throw new IllegalStateException(tool + " not found on PATH");
    }

    /**
     * Why this machine cannot run the simulated node, or null when it can: it needs root and the util-linux and
     * iproute2 tools (network and mount namespaces, overlay and bind mounts, as a container runtime uses).
     */
    public static String missingPrerequisite() {
        try {
            String uid = run("id", "-u").strip();
            if (!"0".equals(uid)) {
                return "the simulated kubelet needs root (network and mount namespaces), running as uid " + uid;
            }
            for (String tool : List.of("ip", "unshare", "mount", "setpriv", "mkdir", "sh")) {
                which(tool);
            }
            run(which("unshare"), "-m", "--propagation", "private", which("sh"), "-c", "true");
            return null;
        } catch (RuntimeException e) {
            return "the simulated kubelet cannot make namespaces here: " + e.getMessage();
        }
    }
}
