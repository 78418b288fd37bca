package com.danubemessaging.connect.runtime.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The testkit broker in its own JVM ({@code java -jar danube-testkit.jar --port N}), so that a benchmark's own
 * JVM holds only what it measures (client, runtimes) and the broker's CPU and memory do not show up in its figures.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final String LISTENING = "Danube testkit broker listening on ";

    private final Process process;
    private final String serviceUrl;

    private BrokerProcess(Process process, String serviceUrl) {
        this.process = process;
        this.serviceUrl = serviceUrl;
    }

    /**
     * Starts the jar and waits for its "listening on" line.
     *
     * @param jvmOptions the broker JVM's flags (it keeps every message in memory, so give it room)
     * @param extraArgs  more testkit arguments, e.g. {@code --max-unacked 1000}
     */
    public static BrokerProcess start(Path testkitJar, List<String> jvmOptions, List<String> extraArgs,
                                      Path log) throws IOException {
        if (!testkitJar.toFile().isFile()) {
            throw new IllegalStateException("no testkit jar at " + testkitJar + ": build it first (the benchmark "
                    + "command's `package` phase does)");
        }
        int port = freePort();
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", testkitJar.toString(), "--port", Integer.toString(port)));
        command.addAll(extraArgs);
        Process process = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(log.toFile()).start();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(LISTENING)) {
                        url.complete(line.substring(LISTENING.length()).trim());
                    }
                }
                url.completeExceptionally(new IllegalStateException("the testkit broker exited with "
                        + process.waitFor() + " before listening; see " + log));
            } catch (IOException | InterruptedException e) {
                url.completeExceptionally(e);
            }
        }, "broker-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return new BrokerProcess(process, url.get(60, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the testkit broker did not listen within 60 s; see " + log, e);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the testkit broker did not start: " + e.getMessage(), e);
        }
    }

    public String serviceUrl() {
        return serviceUrl;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
