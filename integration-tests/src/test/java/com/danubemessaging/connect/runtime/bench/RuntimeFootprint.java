package com.danubemessaging.connect.runtime.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The runtime JVM alone: the real runnable ({@code danube-connect-runtime.jar}, {@code source-file} and
 * {@code sink-file}) in their own JVMs with exactly the runtime image's JVM flags ({@link ImageJvmFlags}), against
 * the benchmark's broker process.
 * <ol>
 *   <li>start to ready: process start → {@code /health/ready} answers 200, several times, alternating sink and
 *   source (each with a new topic);</li>
 *   <li>steady state: file → source-file → broker → sink-file → file, first a bulk of lines (throughput), then a
 *   steady rate for a while; VmRSS of both runtime processes sampled throughout.</li>
 * </ol>
 */
public final class RuntimeFootprint {
    private static final Duration READY_LIMIT = Duration.ofSeconds(120);

    private RuntimeFootprint() {
    }

    public static void run(BenchSettings s, String url, String payload, Path work) throws Exception {
        boolean imageFlags = s.jvmFlagsOverride().isBlank();
        List<String> flags = new ArrayList<>(imageFlags ? ImageJvmFlags.runtimeImage(s.dockerfile())
                : List.of(s.jvmFlagsOverride().trim().split("\\s+")));
        System.out.printf("%nRuntime JVM alone: %s with %s %s%s%n", s.runtimeJar().getFileName(),
                imageFlags ? "the runtime image's JVM flags (read from " + s.dockerfile().getFileName() + ")"
                        : "NOT the image's flags but bench.footprint.jvmFlags", String.join(" ", flags),
                s.nmt() ? " plus -XX:NativeMemoryTracking=summary" : "");
        if (s.nmt()) {
            flags.add("-XX:NativeMemoryTracking=summary");
        }
        Map<String, String> env = ImageJvmFlags.runtimeImageEnvironment(s.dockerfile());
        System.out.println("environment from the image: " + env);
        startToReady(s, url, flags, env, work);
        steadyState(s, url, payload, flags, env, work);
    }

    private static void startToReady(BenchSettings s, String url, List<String> flags, Map<String, String> env,
                                     Path work) throws Exception {
        List<Long> sinkMs = new ArrayList<>();
        List<Long> sourceMs = new ArrayList<>();
        for (int i = 1; i <= s.starts(); i++) {
            String topic = "/default/start-" + i + "-" + System.nanoTime();
            Path dir = Files.createDirectories(work.resolve("start-" + i));
            int sinkPort = BrokerProcess.freePort();
            Path sinkToml = writeToml(dir.resolve("sink.toml"), sinkToml(url, "start-sink", sinkPort, topic,
                    dir.resolve("out.txt")));
            try (RuntimeProcess sink = RuntimeProcess.start("start-sink-" + i, s.runtimeJar(), flags, env,
                    "sink-file", sinkToml, sinkPort, dir)) {
                sinkMs.add(sink.awaitReady(READY_LIMIT).toMillis());
            }
            int sourcePort = BrokerProcess.freePort();
            Path input = Files.createFile(dir.resolve("in.txt"));
            Path sourceToml = writeToml(dir.resolve("source.toml"), sourceToml(url, "start-source", sourcePort,
                    topic, input, 1));
            try (RuntimeProcess source = RuntimeProcess.start("start-source-" + i, s.runtimeJar(), flags, env,
                    "source-file", sourceToml, sourcePort, dir)) {
                sourceMs.add(source.awaitReady(READY_LIMIT).toMillis());
            }
        }
        System.out.printf("start to ready (process start -> /health/ready 200, target <= 2000 ms): sink-file median "
                + "%d ms %s, source-file median %d ms %s; load: %s%n", medianOf(sinkMs), sinkMs, medianOf(sourceMs),
                sourceMs, BenchSettings.uptime());
    }

    private static void steadyState(BenchSettings s, String url, String payload, List<String> flags,
                                    Map<String, String> env, Path work) throws Exception {
        Path dir = Files.createDirectories(work.resolve("steady"));
        String topic = "/default/steady-" + System.nanoTime();
        Path input = dir.resolve("in.txt");
        Path output = dir.resolve("out.txt");
        byte[] line = (payload + "\n").getBytes(StandardCharsets.UTF_8);
        try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            for (int i = 0; i < s.footprintLines(); i++) {
                w.write(payload);
                w.write('\n');
            }
        }
        int sinkPort = BrokerProcess.freePort();
        int sourcePort = BrokerProcess.freePort();
        Path sinkToml = writeToml(dir.resolve("sink.toml"), sinkToml(url, "steady-sink", sinkPort, topic, output));
        Path sourceToml = writeToml(dir.resolve("source.toml"), sourceToml(url, "steady-source", sourcePort, topic,
                input, 1024));
        try (RuntimeProcess sink = RuntimeProcess.start("steady-sink", s.runtimeJar(), flags, env, "sink-file",
                sinkToml, sinkPort, dir)) {
            sink.awaitReady(READY_LIMIT);
            long readyRssSink = sink.rssKb();
            try (RuntimeProcess source = RuntimeProcess.start("steady-source", s.runtimeJar(), flags, env,
                    "source-file", sourceToml, sourcePort, dir)) {
                source.awaitReady(READY_LIMIT);
                long readySource = System.nanoTime();
                long readyRssSource = source.rssKb();
                RssSampler sampler = RssSampler.start(List.of(source, sink));
                long expected = (long) s.footprintLines() * line.length;
                awaitSize(output, expected, s.runLimit(), "bulk of " + s.footprintLines() + " lines");
                double bulkSeconds = (System.nanoTime() - readySource) / 1e9;
                long[] afterBulk = sampler.maxSoFarAndReset();
                System.out.printf("bulk: %,d lines file -> source-file -> broker -> sink-file -> file (sink fsyncs "
                        + "every batch; source max_in_flight 1024) in %.2f s = %,.0f msg/s; load: %s%n",
                        s.footprintLines(), bulkSeconds, s.footprintLines() / bulkSeconds, BenchSettings.uptime());
                long total = s.footprintLines();
                long steadyStart = System.nanoTime();
                long steadyEnd = steadyStart + Duration.ofSeconds(s.steadySeconds()).toNanos();
                int perTick = Math.max(1, s.steadyRate() / 10);
                try (var out = Files.newOutputStream(input, StandardOpenOption.APPEND)) {
                    long tick = steadyStart;
                    while (System.nanoTime() < steadyEnd) {
                        for (int i = 0; i < perTick; i++) {
                            out.write(line);
                        }
                        out.flush();
                        total += perTick;
                        tick += Duration.ofMillis(100).toNanos();
                        long sleep = tick - System.nanoTime();
                        if (sleep > 0) {
                            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                        }
                    }
                }
                awaitSize(output, total * line.length, s.runLimit(), "steady phase (" + total + " lines in all)");
                long[] steadyMax = sampler.maxSoFarAndReset();
                long endSource = source.rssKb();
                long endSink = sink.rssKb();
                sampler.stop();
                System.out.printf("steady: %d s at %,d msg/s, then every line arrived; load: %s%n", s.steadySeconds(),
                        s.steadyRate(), BenchSettings.uptime());
                System.out.printf("runtime JVM RSS (target <= 131,072 kB), source-file / sink-file:%n"
                        + "  at ready        %,9d / %,9d kB%n  max during bulk %,9d / %,9d kB%n"
                        + "  max during steady %,7d / %,9d kB%n  end of steady   %,9d / %,9d kB%n",
                        readyRssSource, readyRssSink, afterBulk[0], afterBulk[1], steadyMax[0], steadyMax[1],
                        endSource, endSink);
                System.out.println("source-file " + firstLines(source.jcmd("GC.heap_info"), 6));
                if (s.nmt()) {
                    System.out.println("source-file native memory:\n" + source.jcmd("VM.native_memory", "summary"));
                }
            }
        }
    }

    private static String firstLines(String text, int n) {
        return String.join("\n", text.lines().limit(n).toList());
    }

    private static void awaitSize(Path file, long bytes, Duration limit, String what) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!Files.exists(file) || Files.size(file) < bytes) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("sink-file wrote " + (Files.exists(file) ? Files.size(file) : 0)
                        + " of " + bytes + " bytes within " + limit.toSeconds() + " s (" + what + "); logs in "
                        + file.getParent());
            }
            Thread.sleep(20);
        }
    }

    private static long medianOf(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static Path writeToml(Path file, String toml) throws IOException {
        return Files.writeString(file, toml);
    }

    private static String sinkToml(String url, String name, int port, String topic, Path output) {
        return """
                danube_service_url = "%s"
                connector_name = "%s"

                [processing]
                metrics_port = %d

                [file]
                path = "%s"
                topic = "%s"
                subscription = "bench"
                """.formatted(url, name, port, output, topic);
    }

    private static String sourceToml(String url, String name, int port, String topic, Path input, int maxInFlight) {
        return """
                danube_service_url = "%s"
                connector_name = "%s"

                [processing]
                metrics_port = %d
                max_in_flight = %d

                [file]
                path = "%s"
                topic = "%s"
                start_from = "beginning"
                """.formatted(url, name, port, maxInFlight, input, topic);
    }

    /** Samples the processes' VmRSS every 100 ms and keeps the maximum per process. */
    private static final class RssSampler {
        private final List<RuntimeProcess> processes;
        private final long[] max;
        private final Thread thread;
        private volatile boolean running = true;

        private RssSampler(List<RuntimeProcess> processes) {
            this.processes = processes;
            this.max = new long[processes.size()];
            this.thread = new Thread(this::loop, "rss-sampler");
            this.thread.setDaemon(true);
        }

        static RssSampler start(List<RuntimeProcess> processes) {
            RssSampler sampler = new RssSampler(processes);
            sampler.thread.start();
            return sampler;
        }

        private void loop() {
            while (running) {
                synchronized (this) {
                    for (int i = 0; i < processes.size(); i++) {
                        max[i] = Math.max(max[i], processes.get(i).rssKb());
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        synchronized long[] maxSoFarAndReset() {
            long[] copy = max.clone();
            java.util.Arrays.fill(max, 0);
            return copy;
        }

        void stop() {
            running = false;
            thread.interrupt();
        }
    }
}
