package com.danubemessaging.connect.operator.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options the Helm chart's operator pod runs with, read from the files that set them so the benchmark
 * cannot drift: the image's {@code JAVA_DEFAULT_OPTS} (Dockerfile, stage {@code jre-base}), the launcher's
 * {@code -Djava.util.logging.manager}, the chart's default {@code javaOptions} (values.yaml) and its memory limit
 * ({@code resources.limits.memory}), which a container gives the JVM as its RAM: outside a container
 * {@code -XX:MaxRAM} stands in for it, so {@code MaxRAMPercentage} sizes the heap as it would in the pod. The
 * image's {@code MALLOC_ARENA_MAX} comes with them ({@link #environment}).
 */
final class ChartJvmOptions {
    private static final Pattern DEFAULT_OPTS = Pattern.compile("JAVA_DEFAULT_OPTS=\"([^\"]*)\"");
    private static final Pattern LIMIT = Pattern.compile("(?m)^  limits:\\s*\\n(?:    .*\\n)*?    memory:\\s*(\\S+)");
    private static final Pattern MALLOC_ARENA_MAX = Pattern.compile("MALLOC_ARENA_MAX=(\\d+)");
    private static final Pattern JAVA_OPTIONS = Pattern.compile("(?m)^javaOptions:\\s*\"([^\"]*)\"");

    private ChartJvmOptions() {
    }

    /** The checkout a packaged operator was built in: {@code <root>/operator/<build dir>/quarkus-app/quarkus-run.jar}. */
    static Path repositoryRootOf(Path jar) {
        return jar.toAbsolutePath().getParent().getParent().getParent().getParent();
    }

    static List<String> of(Path repositoryRoot) throws IOException {
        String dockerfile = Files.readString(repositoryRoot.resolve("Dockerfile"));
        String values = Files.readString(repositoryRoot.resolve("helm/danube-connect-operator/values.yaml"));
        List<String> options = new ArrayList<>();
        options.addAll(split(find(DEFAULT_OPTS, dockerfile, "JAVA_DEFAULT_OPTS in the Dockerfile")));
        options.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        options.addAll(split(find(JAVA_OPTIONS, values, "javaOptions in values.yaml")));
        options.add("-XX:MaxRAM=" + toJvmSize(find(LIMIT, values, "resources.limits.memory in values.yaml")));
        return options;
    }

    /** The environment the image gives the JVM besides its flags. */
    static java.util.Map<String, String> environment(Path repositoryRoot) throws IOException {
        Matcher m = MALLOC_ARENA_MAX.matcher(Files.readString(repositoryRoot.resolve("Dockerfile")));
        return m.find() ? java.util.Map.of("MALLOC_ARENA_MAX", m.group(1)) : java.util.Map.of();
    }

    private static String find(Pattern pattern, String text, String what) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("cannot find " + what);
        }
        return m.group(1);
    }

    private static List<String> split(String flags) {
        return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    /** Kubernetes quantity ({@code 512Mi}, {@code 1Gi}) → JVM size ({@code 512m}, {@code 1g}). */
    static String toJvmSize(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
        if (!m.matches()) {
            throw new IllegalStateException("unsupported memory limit " + quantity + " (expected Mi or Gi)");
        }
        return m.group(1) + (m.group(2).equals("Mi") ? "m" : "g");
    }
}
