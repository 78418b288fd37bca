package com.danubemessaging.connect.operator.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.IntFunction;
import java.util.jar.JarFile;

/**
 * The source and sink connector the benchmark's CRs use, chosen among the built-ins the benchmarked build accepts
 * ({@code danube.operator.builtin-connectors} in the application jar, which the root pom's
 * {@code danube.builtin.connectors} fills), each with a config its README documents. The benchmark fails at once,
 * with the build's list, when none of the connectors it knows a config for is built in.
 */
record BenchConnectors(String source, IntFunction<Map<String, Object>> sourceConfigs, String sink,
                       IntFunction<Map<String, Object>> sinkConfigs, List<String> builtins) {

    private static final String PROPERTY = "danube.operator.builtin-connectors";

    /** Configs by connector id, in order of preference: connectors/<name>/README.md. */
    private static final Map<String, IntFunction<Map<String, Object>>> SOURCES = Map.of(
            "source-mqtt", i -> Map.of("mqtt", Map.of("broker_host", "mosquitto", "routes",
                    List.of(Map.of("from", "sensors/" + i, "to", "/iot/s" + i)))),
            "source-file", i -> Map.of("file", Map.of("path", "/data/in-" + i + ".txt", "topic", "/default/f" + i)));
    private static final Map<String, IntFunction<Map<String, Object>>> SINKS = Map.of(
            "sink-http", i -> Map.of("http", Map.of("routes", List.of(Map.of("from", "/iot/t" + i,
                    "subscription", "bench", "to", "https://ingest.example.com/" + i)))),
            "sink-file", i -> Map.of("file", Map.of("path", "/data/out-" + i + ".txt", "topic", "/default/f" + i,
                    "subscription", "bench")));
    private static final List<String> SOURCE_PREFERENCE = List.of("source-mqtt", "source-file");
    private static final List<String> SINK_PREFERENCE = List.of("sink-http", "sink-file");

    static BenchConnectors forBuild(Path quarkusRunJar) throws IOException {
        List<String> builtins = builtins(quarkusRunJar);
        String source = SOURCE_PREFERENCE.stream().filter(builtins::contains).findFirst().orElseThrow(() ->
                new IllegalStateException("this operator build accepts none of the sources the benchmark has a config "
                        + "for " + SOURCE_PREFERENCE + "; its built-ins: " + builtins));
        String sink = SINK_PREFERENCE.stream().filter(builtins::contains).findFirst().orElseThrow(() ->
                new IllegalStateException("this operator build accepts none of the sinks the benchmark has a config "
                        + "for " + SINK_PREFERENCE + "; its built-ins: " + builtins));
        return new BenchConnectors(source, SOURCES.get(source), sink, SINKS.get(sink), builtins);
    }

    /** The CR's {@code spec.connector}: the id without its kind ({@code source-mqtt} → {@code mqtt}). */
    String sourceShortName() {
        return source.substring("source-".length());
    }

    String sinkShortName() {
        return sink.substring("sink-".length());
    }

    Map<String, Object> sourceConfig(int i) {
        return sourceConfigs.apply(i);
    }

    Map<String, Object> sinkConfig(int i) {
        return sinkConfigs.apply(i);
    }

    private static List<String> builtins(Path quarkusRunJar) throws IOException {
        Path app = quarkusRunJar.toAbsolutePath().getParent().resolve("app");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(app, "*.jar")) {
            for (Path jar : jars) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    var entry = file.getJarEntry("application.properties");
                    if (entry == null) {
                        continue;
                    }
                    Properties properties = new Properties();
                    try (InputStream in = file.getInputStream(entry)) {
                        properties.load(new StringReader(new String(in.readAllBytes())));
                    }
                    String list = properties.getProperty(PROPERTY);
                    if (list != null) {
                        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                    }
                }
            }
        }
        throw new IllegalStateException("no " + PROPERTY + " in the application.properties of " + app);
    }
}
