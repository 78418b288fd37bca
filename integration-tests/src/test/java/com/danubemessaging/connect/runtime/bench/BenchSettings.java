package com.danubemessaging.connect.runtime.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The runtime benchmark's settings, from system properties (the {@code bench-runtime} profile passes them):
 * {@code bench.messages} (pipelined runs), {@code bench.orderedMessages}, {@code bench.rounds},
 * {@code bench.runLimitSeconds} (each run's time limit), {@code bench.footprint.lines} (messages through the
 * runtime processes), {@code bench.footprint.steadySeconds}, {@code bench.footprint.rate} (messages/s while RSS is
 * sampled), {@code bench.footprint.starts} (start-to-ready samples), {@code bench.footprint.nmt} (adds Native Memory
 * Tracking to the runtime processes, for the memory break-down), {@code bench.footprint.only} (skips the
 * comparison rounds), {@code bench.footprint.jvmFlags} (other flags than the image's, to try them) and the paths
 * {@code bench.testkitJar},
 * {@code bench.runtimeJar}, {@code bench.dockerfile}.
 */
public record BenchSettings(int messages, int orderedMessages, int rounds, Duration runLimit, int footprintLines,
                            int steadySeconds, int steadyRate, int starts, boolean nmt, boolean footprintOnly,
                            String jvmFlagsOverride, Path testkitJar, Path runtimeJar, Path dockerfile) {

    public static BenchSettings fromSystemProperties() {
        return new BenchSettings(
                Integer.getInteger("bench.messages", 50_000),
                Integer.getInteger("bench.orderedMessages", 10_000),
                Integer.getInteger("bench.rounds", 5),
                Duration.ofSeconds(Integer.getInteger("bench.runLimitSeconds", 300)),
                Integer.getInteger("bench.footprint.lines", 50_000),
                Integer.getInteger("bench.footprint.steadySeconds", 30),
                Integer.getInteger("bench.footprint.rate", 2_000),
                Integer.getInteger("bench.footprint.starts", 5),
                Boolean.getBoolean("bench.footprint.nmt"),
                Boolean.getBoolean("bench.footprint.only"),
                System.getProperty("bench.footprint.jvmFlags", ""),
                path("bench.testkitJar"), path("bench.runtimeJar"), path("bench.dockerfile"));
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (the bench-runtime profile "
                    + "of integration-tests sets it)");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    /** The machine's load averages (/proc/loadavg), printed with every figure: the machine is shared. */
    public static String uptime() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load average " + f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return "load average unknown";
        }
    }
}
