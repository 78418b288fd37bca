package com.danubemessaging.connect.operator.benchmark;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * Benchmark (a main, not a test): the operator's Secret watch in a namespace full of large Secrets. Starts the mock
 * API server with real list pagination ({@link PagingCrudDispatcher}), creates N Secrets of about S KB each (random
 * bytes, so nothing compresses or dedups) plus one connector CR that references one of them, launches the packaged
 * operator as its own process with the chart's heap cap, and reports, once the CR is reconciled and a full GC ran,
 * the operator's heap and RSS and how many list pages it read. See docs/benchmarks.md for the command.
 *
 * <p>Arguments: {@code <path to quarkus-run.jar> [N=2000] [S=100] [chart | extra JVM options for the operator...]};
 * {@code chart} runs the operator with the JVM options and memory limit of the Helm chart ({@link ChartJvmOptions}).
 */
public final class SecretWatchBenchmark {

    private static final String NAMESPACE = "bench";
    /** The operator's controllers, one per CR kind; each lists the Secrets itself. */
    private static final int CONTROLLERS = 2;
    /** Held here: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private SecretWatchBenchmark() {
    }

    public static void main(String[] args) {
        // The mock server's threads are not daemons: without an explicit exit, a failure would leave the JVM (and the
        // build that started it) waiting forever instead of failing.
        try {
            run(args);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
        Path jar = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int sizeKb = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        List<String> jvmOptions = args.length > 3 ? List.of(args).subList(3, args.length) : List.of();
        Map<String, String> operatorEnv = Map.of();
        if (jvmOptions.equals(List.of("chart"))) {
            jvmOptions = ChartJvmOptions.of(ChartJvmOptions.repositoryRootOf(jar));
            operatorEnv = ChartJvmOptions.environment(ChartJvmOptions.repositoryRootOf(jar));
        }
        System.out.printf("Secret watch benchmark: N=%d Secrets of %d KiB, operator JVM options %s %s%n", n, sizeKb,
                jvmOptions, operatorEnv);

        PagingCrudDispatcher dispatcher = new PagingCrudDispatcher();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        Process operator = null;
        try (KubernetesClient client = server.createClient()) {
            Path crds = jar.toAbsolutePath().getParent().getParent().resolve("kubernetes");
            for (String kind : List.of("danubesourceconnectors", "danubesinkconnectors")) {
                client.load(Files.newInputStream(crds.resolve(kind + ".connect.danube-messaging.io-v1.yml")))
                        .create();
            }
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                    .build()).create();
            client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                    .withName("danube-token").endMetadata().withStringData(Map.of("token", "bench-jwt")).build())
                    .create();
            long t0 = System.nanoTime();
            Map<String, String> bulk = bulkSecrets(n - 1, sizeKb);
            dispatcher.preload(NAMESPACE, "secrets", bulk);
            System.out.printf("%d Secrets in namespace %s: danube-token (referenced) and %d of %d KiB of base64 data"
                    + " (%.0f MiB of JSON in all, built in %d ms)%n", n, NAMESPACE, bulk.size(), sizeKb,
                    bulk.values().stream().mapToLong(String::length).sum() / 1048576.0,
                    Duration.ofNanos(System.nanoTime() - t0).toMillis());
            client.load(new java.io.ByteArrayInputStream(("""
                    apiVersion: connect.danube-messaging.io/v1alpha1
                    kind: DanubeSinkConnector
                    metadata: {name: uses-token, namespace: %s}
                    spec:
                      connector: http
                      danube: {serviceUrl: "http://danube-broker.danube:6650", tokenSecretRef: {name: danube-token, key: token}}
                      config: {http: {url: "https://ingest.example.com"}}
                    """.formatted(NAMESPACE)).getBytes())).create();

            int httpPort;
            try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                httpPort = socket.getLocalPort();
            }
            HttpClient http = HttpClient.newHttpClient();
            long start = System.nanoTime();
            operator = startOperator(jar, jvmOptions, operatorEnv, server.url("/"), httpPort);
            while (client.apps().deployments().inNamespace(NAMESPACE).withName("uses-token-sink").get() == null) {
                if (!operator.isAlive()) {
                    throw new IllegalStateException("the operator exited (code " + operator.exitValue()
                            + "); see benchmark-secrets-operator.log");
                }
                if (System.nanoTime() - start > Duration.ofMinutes(5).toNanos()) {
                    throw new IllegalStateException("no Deployment after 5 minutes; see benchmark-secrets-operator.log");
                }
                Thread.sleep(200); // polling a process we do not control, in a main (not a test)
            }
            long reconciledMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            // Each controller (sources, sinks) has its own Secret informer, and each starts once its own informers
            // synced: the sink's Deployment can exist while the source controller is still paging. Measure once both
            // lists were read to their end.
            while (dispatcher.completedLists("/api/v1/secrets") < CONTROLLERS) {
                if (System.nanoTime() - start > Duration.ofMinutes(5).toNanos() || !operator.isAlive()) {
                    throw new IllegalStateException(dispatcher.completedLists("/api/v1/secrets") + " of "
                            + CONTROLLERS + " Secret lists read to their end; pages served: "
                            + dispatcher.pagesByList() + "; see benchmark-secrets-operator.log");
                }
                Thread.sleep(200);
            }
            long listedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            if (dispatcher.preloadedItemsServed() < CONTROLLERS * bulk.size()) {
                throw new IllegalStateException("the Secret lists covered only " + dispatcher.preloadedItemsServed()
                        + " of " + CONTROLLERS + " x " + bulk.size() + " bulk Secrets");
            }
            System.out.printf("connector reconciled %d ms after the operator started, both Secret lists read after"
                    + " %d ms; list pages served: %s%n", reconciledMs, listedMs, dispatcher.pagesByList());
            // Quarkus opens its HTTP port only once the operator started, which may be just after the reconcile.
            String beforeGc = metricsOrEmpty(http, httpPort);
            for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); beforeGc.isEmpty();
                    beforeGc = metricsOrEmpty(http, httpPort)) {
                if (System.nanoTime() > deadline || !operator.isAlive()) {
                    throw new IllegalStateException("the operator serves no /q/metrics; see "
                            + "benchmark-secrets-operator.log");
                }
                Thread.sleep(200);
            }
            // A full GC in the operator (jcmd), so that "heap used" is what the cache really retains.
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(operator.pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            String after = get(http, httpPort, "/q/metrics");
            GcLog gc = GcLog.read(gcLog(jar));
            System.out.printf("operator heap: at most %d MiB in use when a collection began and %d MiB left after one"
                    + " (%d collections, GC log); %.1f MiB once reconciled, %.1f MiB after a full GC (committed %.1f"
                    + " MiB, max %.1f MiB); RSS %.1f MiB, peak RSS %.1f MiB%n", gc.peakBeforeMiB(), gc.peakAfterMiB(),
                    gc.collections(), heapUsed(beforeGc) / 1048576,
                    heapUsed(after) / 1048576,
                    sum(after, "jvm_memory_committed_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+-]+)") / 1048576,
                    sum(after, "jvm_memory_max_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+-]+)") / 1048576,
                    rssKb(operator.pid(), "VmRSS") / 1024.0, rssKb(operator.pid(), "VmHWM") / 1024.0);
        } finally {
            if (operator != null) {
                operator.destroy();
                if (!operator.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    operator.destroyForcibly().waitFor();
                }
            }
            server.destroy();
        }
    }

    private static Path gcLog(Path jar) {
        return jar.toAbsolutePath().getParent().getParent().resolve("benchmark-secrets-gc.log");
    }

    /** Heap figures from unified GC logging ({@code -Xlog:gc}: {@code GC(3) Pause Young ... 45M->12M(104M)}). */
    private record GcLog(long peakBeforeMiB, long peakAfterMiB, int collections) {
        private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) Pause .* (\\d+)M->(\\d+)M\\(\\d+M\\)");

        static GcLog read(Path file) throws java.io.IOException {
            long before = 0;
            long after = 0;
            int collections = 0;
            for (String line : Files.readAllLines(file)) {
                Matcher m = PAUSE.matcher(line);
                if (m.find()) {
                    before = Math.max(before, Long.parseLong(m.group(1)));
                    after = Math.max(after, Long.parseLong(m.group(2)));
                    collections++;
                }
            }
            if (collections == 0) {
                throw new IllegalStateException("no collection in " + file + ": the heap figures would be empty");
            }
            return new GcLog(before, after, collections);
        }
    }

    private static double heapUsed(String metrics) {
        return sum(metrics, "jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+-]+)");
    }

    /** The operator's metrics, or nothing while its HTTP server is not up yet. */
    private static String metricsOrEmpty(HttpClient http, int port) {
        try {
            return get(http, port, "/q/metrics");
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Secrets as the API server returns them, {@code sizeKb} KiB of random (incompressible) base64 each. */
    private static Map<String, String> bulkSecrets(int count, int sizeKb) {
        Random random = new Random(42);
        byte[] raw = new byte[sizeKb * 1024 * 3 / 4]; // base64 makes it sizeKb KiB
        Map<String, String> byName = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            random.nextBytes(raw);
            String name = "bulk-" + i;
            byName.put(name, Serialization.asJson(new SecretBuilder().withNewMetadata().withName(name)
                    .withNamespace(NAMESPACE).withUid(UUID.nameUUIDFromBytes(name.getBytes()).toString())
                    .withResourceVersion(Integer.toString(i)).withCreationTimestamp("2026-11-28T00:00:00Z")
                    .endMetadata().withType("Opaque")
                    .withData(Map.of("payload", Base64.getEncoder().encodeToString(raw))).build()));
        }
        return byName;
    }

    private static Process startOperator(Path jar, List<String> jvmOptions, Map<String, String> env,
            String apiServer, int httpPort) throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        // GC logging costs nothing measurable and tells the heap's high-water mark, which no later sample can.
        command.add("-Xlog:gc:file=" + gcLog(jar));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.environment().put("KUBERNETES_MASTER", apiServer);
        pb.environment().put("KUBERNETES_NAMESPACE", NAMESPACE);
        pb.environment().put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        pb.environment().put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        pb.environment().put("DANUBE_OPERATOR_LEADER_ELECTION_ENABLED", "false");
        pb.environment().put("QUARKUS_LOG_LEVEL", "WARN");
        Path log = jar.toAbsolutePath().getParent().getParent().resolve("benchmark-secrets-operator.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    private static String get(HttpClient http, int port, String path)
            throws java.io.IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double sum(String metrics, String regex) {
        Matcher m = Pattern.compile(regex).matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    private static long rssKb(long pid, String field) throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
