package com.danubemessaging.connect.operator.benchmark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The packaged operator run as its own process against a mock API server, as the benchmarks start it: fabric8's
 * environment variables point it at the server (Quarkus fixes {@code quarkus.kubernetes-client.api-server-url} at
 * build time), leader election is off (one replica), and its output goes to a log file next to the jar's folder.
 */
final class BenchOperatorProcess implements AutoCloseable {

    private static final Pattern HEAP_USED = heapSeries("jvm_memory_used_bytes");
    private static final Pattern HEAP_COMMITTED = heapSeries("jvm_memory_committed_bytes");
    private static final Pattern HEAP_MAX = heapSeries("jvm_memory_max_bytes");

    private final Process process;
    private final int httpPort;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private BenchOperatorProcess(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /**
     * @param logName file name of the operator's output, in the folder above {@code quarkus-app}
     * @param jvmOptions flags before {@code -jar}
     * @param env variables besides the ones that point the operator at the API server
     */
    static BenchOperatorProcess start(Path jar, String logName, List<String> jvmOptions, Map<String, String> env,
            String apiServer, String namespace) throws IOException {
        int httpPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            httpPort = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.environment().put("KUBERNETES_MASTER", apiServer);
        pb.environment().put("KUBERNETES_NAMESPACE", namespace);
        pb.environment().put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        pb.environment().put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        pb.environment().put("DANUBE_OPERATOR_LEADER_ELECTION_ENABLED", "false");
        pb.environment().put("QUARKUS_LOG_LEVEL", "WARN");
        Path log = besideQuarkusApp(jar, logName);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new BenchOperatorProcess(pb.start(), httpPort, log);
    }

    /** A file in the build folder that holds {@code quarkus-app}. */
    static Path besideQuarkusApp(Path jar, String name) {
        return jar.toAbsolutePath().getParent().getParent().resolve(name);
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Fails with the exit code and the log's name once the operator is gone: waiting for it would never end. */
    void requireAlive(String while_) {
        if (!process.isAlive()) {
            throw new IllegalStateException("the operator exited with " + process.exitValue() + " " + while_
                    + "; see " + log);
        }
    }

    /** The body of a GET on the operator's HTTP port, or "" while that port is not open (yet). */
    String getOrEmpty(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Forces a full GC in the operator, so that the heap in use is what it really retains. */
    void fullGc() throws IOException, InterruptedException {
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    /** A field of /proc/PID/status in KiB: {@code VmRSS} (now) or {@code VmHWM} (peak). */
    long memoryKb(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + process.pid() + "/status");
    }

    /** Heap in use, summed over the heap's memory pools, from a Prometheus scrape of {@code /q/metrics}. */
    static double heapUsedBytes(String metrics) {
        return sum(metrics, HEAP_USED);
    }

    static double heapCommittedBytes(String metrics) {
        return sum(metrics, HEAP_COMMITTED);
    }

    static double heapMaxBytes(String metrics) {
        return sum(metrics, HEAP_MAX);
    }

    private static Pattern heapSeries(String metric) {
        return Pattern.compile(metric + "\\{area=\"heap\"[^}]*} ([0-9.eE+-]+)");
    }

    private static double sum(String metrics, Pattern series) {
        Matcher m = series.matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
