package com.danubemessaging.connect.runtime.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real runnable in its own JVM, launched as the image's launcher does: {@code java $JAVA_DEFAULT_OPTS -cp
 * danube-connect-runtime.jar ConnectorMain}, with {@code DANUBE_CONNECTOR} and {@code CONNECTOR_CONFIG_PATH} set.
 */
final class RuntimeProcess implements AutoCloseable {
    static final String MAIN_CLASS = "com.danubemessaging.connect.runtime.app.ConnectorMain";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final long startNanos;
    private final int port;
    private final Path log;

    private RuntimeProcess(String name, Process process, long startNanos, int port, Path log) {
        this.name = name;
        this.process = process;
        this.startNanos = startNanos;
        this.port = port;
        this.log = log;
    }

    /** Starts the connector; {@code metricsPort} must be the {@code [processing] metrics_port} of the TOML. */
    static RuntimeProcess start(String name, Path runtimeJar, List<String> jvmFlags,
                                java.util.Map<String, String> imageEnv, String connector, Path toml, int metricsPort,
                                Path workDir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", runtimeJar.toString(), MAIN_CLASS));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().keySet().removeIf(key -> !List.of("PATH", "HOME", "JAVA_HOME", "LANG", "TMPDIR")
                .contains(key));
        builder.environment().putAll(imageEnv);
        builder.environment().put("DANUBE_CONNECTOR", connector);
        builder.environment().put("CONNECTOR_CONFIG_PATH", toml.toString());
        Path log = workDir.resolve(name + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        long start = System.nanoTime();
        return new RuntimeProcess(name, builder.start(), start, metricsPort, log);
    }

    /** Waits for {@code /health/ready} to answer 200; the time from the process start to that answer. */
    Duration awaitReady(Duration limit) throws IOException, InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was "
                        + "ready:\n" + Files.readString(log));
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startNanos);
                }
            } catch (IOException notListeningYet) {
                // the HTTP server is not up yet
            }
            if (System.nanoTime() - startNanos > limit.toNanos()) {
                throw new IllegalStateException(name + " was not ready within " + limit + "; log:\n"
                        + Files.readString(log));
            }
            Thread.sleep(10); // polling a child process from a benchmark main, not a test
        }
    }

    long pid() {
        return process.pid();
    }

    /** The process's resident set (VmRSS) in KiB. */
    long rssKb() {
        return Rss.ofPid(process.pid());
    }

    /** The output of {@code jcmd <pid> <command...>}, for the report (heap and native memory break-down). */
    String jcmd(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString(), Long.toString(process.pid())));
        args.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** SIGTERM, and waits for the exit (SIGKILL after 30 s). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
