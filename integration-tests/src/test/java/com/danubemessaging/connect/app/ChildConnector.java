package com.danubemessaging.connect.app;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real runnable ({@code ConnectorMain}) in a child JVM, on the test class path or as the runtime jar, with its
 * own environment and its stderr and stdout captured to files. {@link #stop()} sends SIGTERM
 * ({@link Process#destroy()}), {@link #kill()} SIGKILL.
 */
public final class ChildConnector implements AutoCloseable {

    static final String MAIN_CLASS = "com.danubemessaging.connect.runtime.app.ConnectorMain";
    private static final Pattern PORT_LINE = Pattern.compile("metrics and health on port (\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path stderr;
    private final Path stdout;
    private volatile int port = -1;

    private ChildConnector(String name, Process process, Path stderr, Path stdout) {
        this.name = name;
        this.process = process;
        this.stderr = stderr;
        this.stdout = stdout;
    }

    /** Starts {@code ConnectorMain args} with exactly {@code env} on top of PATH/HOME/JAVA_HOME. */
    public static ChildConnector start(String name, Path workDir, Map<String, String> env, String... args) {
        return launch(name, workDir, env, List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS), args);
    }

    /**
     * Starts {@code java -jar distribution/target/danube-connect-runtime.jar args}: the launcher jar with its
     * {@code lib/} beside it, exactly what the runtime image runs (no test class path).
     */
    public static ChildConnector startJar(String name, Path workDir, Map<String, String> env, String... args) {
        return launch(name, workDir, env, List.of("-jar", runtimeJar().toAbsolutePath().toString()), args);
    }

    /** The runnable jar the build made ({@code danube.runtime.jar}, set by the integration-tests pom). */
    static Path runtimeJar() {
        String configured = System.getProperty("danube.runtime.jar");
        Path jar = Path.of(configured != null ? configured : "../distribution/target/danube-connect-runtime.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("runtime jar not built: " + jar.toAbsolutePath()
                    + " (build it with ./mvnw -pl distribution -am package)");
        }
        return jar;
    }

    private static ChildConnector launch(String name, Path workDir, Map<String, String> env, List<String> launch,
                                         String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(launch);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> childEnv = builder.environment();
        childEnv.keySet().removeIf(key -> !List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR").contains(key));
        childEnv.putAll(env);
        Path stderr = workDir.resolve(name + ".stderr.log");
        Path stdout = workDir.resolve(name + ".stdout.log");
        builder.redirectError(stderr.toFile());
        builder.redirectOutput(stdout.toFile());
        try {
            return new ChildConnector(name, builder.start(), stderr, stdout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start child " + name, e);
        }
    }

    /** The port of /metrics and /health, read from the startup log line (the child binds port 0). */
    public int awaitHttpPort() {
        await(name + " logs its HTTP port").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!process.isAlive() && port < 0) {
                        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + stderr());
                    }
                    Matcher matcher = PORT_LINE.matcher(stderr());
                    if (matcher.find()) {
                        port = Integer.parseInt(matcher.group(1));
                    }
                    return port > 0;
                });
        return port;
    }

    /** GET on the child's HTTP server; status and body. */
    public HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends SIGTERM. */
    public void stop() {
        process.destroy();
    }

    /** Sends SIGKILL: no shutdown hook, no flush, no ack; what the process held is simply gone. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** Sends SIGINT (Ctrl-C), which the JDK cannot send by itself. */
    public void interrupt() {
        try {
            int rc = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
            if (rc != 0) {
                throw new IllegalStateException("kill -INT " + process.pid() + " failed with " + rc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the exit; the exit code, or an AssertionError with the log when it did not exit in time. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not exit within " + timeout + ":\n" + stderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** Waits until the child's log contains {@code text}; on time-out the error carries the whole log. */
    public void awaitLog(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stderr().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not log \"" + text + "\" within " + timeout + ":\n" + stderr());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public String toString() {
        return "child " + name + " (pid " + process.pid() + ")";
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stderr() {
        return read(stderr);
    }

    /** What the child wrote to stdout (its log with {@code LOG_FORMAT=json}). */
    public String stdout() {
        return read(stdout);
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
