package com.danubemessaging.connect.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar distribution/target/danube-connect-runtime.jar} in a child process: the launcher jar with its
 * {@code lib/} beside it, exactly what the runtime image runs, with stdout and stderr captured to files.
 */
final class RuntimeJarProcess implements AutoCloseable {

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private RuntimeJarProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The runnable jar the build made ({@code danube.runtime.jar}, set by the integration-tests pom). */
    static Path jar() {
        String configured = System.getProperty("danube.runtime.jar");
        Path jar = Path.of(configured != null ? configured : "../distribution/target/danube-connect-runtime.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("runtime jar not built: " + jar.toAbsolutePath()
                    + " (build it with ./mvnw -pl distribution -am package)");
        }
        return jar;
    }

    /** Starts the jar with {@code env} on top of PATH/HOME/JAVA_HOME/LANG only. */
    static RuntimeJarProcess start(String name, Path workDir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", jar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet()
                .removeIf(key -> !List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR").contains(key));
        builder.environment().putAll(env);
        Path out = workDir.resolve(name + ".stdout.log");
        Path err = workDir.resolve(name + ".stderr.log");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        try {
            return new RuntimeJarProcess(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code; an AssertionError with both streams when it did not exit within {@code timeout}. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("did not exit within " + timeout + "\nstdout:\n" + stdout() + "\nstderr:\n"
                        + stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
