package com.danubemessaging.connect.connectors.kafka;

import java.io.File;
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
 * A main class of the test class path in its own JVM, with a chosen environment and its output in a log file:
 * the Kafka broker, and the connector runnable that a test kills with SIGKILL.
 */
final class ChildJvm implements AutoCloseable {
    private static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR");

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass args} with {@code jvmOptions}; the environment is {@code env} plus PATH, HOME,
     * JAVA_HOME, LANG and TMPDIR; stdout and stderr go to {@code <workDir>/<name>.log}. The child ends itself when
     * this JVM goes away ({@link OrphanGuard}).
     */
    static ChildJvm start(String name, Path workDir, List<String> jvmOptions, Map<String, String> env,
                          String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", absoluteClassPath(), OrphanGuard.class.getName(), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(key -> !INHERITED_ENV.contains(key));
        builder.environment().putAll(env);
        Path log = workDir.resolve(name + ".log");
        builder.redirectOutput(log.toFile());
        try {
            return new ChildJvm(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** This JVM's class path with absolute entries: the child runs in another working directory. */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM: the graceful stop. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL: the process gets no chance to commit, flush or close anything. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** The exit code; an AssertionError with the log when the process did not exit in time. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not exit within " + timeout + ":\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
