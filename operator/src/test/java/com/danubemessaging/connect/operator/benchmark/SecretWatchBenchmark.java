package com.danubemessaging.connect.operator.benchmark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Benchmark (a main, not a test): the operator's Secret watch in a namespace full of large Secrets. Starts the mock
 * API server with list pagination as the API server serves it ({@link PagingCrudDispatcher}), puts N Secrets of
 * about S KiB each in the namespace (random bytes, so nothing compresses or dedups) plus one connector CR that
 * references one of them, launches the packaged operator as its own process, and reports, once the CR is reconciled
 * and both controllers read the Secret list to its end, the operator's heap (GC log, metrics before and after a full
 * GC) and RSS. See docs/benchmarks.md ("Operator Secret watch") for the command and results.
 *
 * <p>Arguments: {@code <path to quarkus-run.jar> [N=2000] [S=100] [chart | extra JVM options for the operator...]};
 * {@code chart} runs the operator with the JVM options and memory limit of the Helm chart ({@link ChartJvmOptions}).
 */
public final class SecretWatchBenchmark {

    private static final String NAMESPACE = "bench";
    /** The operator's controllers, one per CR kind; each lists the Secrets itself. */
    private static final int CONTROLLERS = 2;
    private static final String SECRETS = "/api/v1/secrets";
    private static final Duration LIMIT = Duration.ofMinutes(5);

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
        Path jar = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int sizeKb = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        List<String> jvmOptions = new ArrayList<>(args.length > 3 ? List.of(args).subList(3, args.length) : List.of());
        Map<String, String> operatorEnv = Map.of();
        if (jvmOptions.equals(List.of("chart"))) {
            jvmOptions = new ArrayList<>(ChartJvmOptions.of(ChartJvmOptions.repositoryRootOf(jar)));
            operatorEnv = ChartJvmOptions.environment(ChartJvmOptions.repositoryRootOf(jar));
        }
        System.out.printf("Secret watch benchmark: N=%d Secrets of %d KiB, operator JVM options %s %s%n", n, sizeKb,
                jvmOptions, operatorEnv);
        // GC logging costs nothing measurable and tells the heap's high-water mark, which no later sample can.
        Path gcLog = BenchOperatorProcess.besideQuarkusApp(jar, "benchmark-secrets-gc.log");
        jvmOptions.add("-Xlog:gc:file=" + gcLog);

        PagingCrudDispatcher dispatcher = new PagingCrudDispatcher();
        try (BenchApiServer server = BenchApiServer.start(dispatcher, jar, NAMESPACE)) {
            KubernetesClient client = server.client();
            client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                    .withName("danube-token").endMetadata().withStringData(Map.of("token", "bench-jwt")).build())
                    .create();
            long t0 = System.nanoTime();
            Map<String, String> bulk = bulkSecrets(n - 1, sizeKb);
            dispatcher.preload(NAMESPACE, "secrets", bulk);
            System.out.printf("%d Secrets in namespace %s: danube-token (referenced) and %d of %d KiB of base64 data"
                    + " (%.0f MiB of JSON in all, built in %d ms)%n", n, NAMESPACE, bulk.size(), sizeKb,
                    bulk.values().stream().mapToLong(String::length).sum() / 1048576.0, millisSince(t0));
            client.load(new ByteArrayInputStream("""
                    apiVersion: connect.danube-messaging.io/v1alpha1
                    kind: DanubeSinkConnector
                    metadata: {name: uses-token, namespace: %s}
                    spec:
                      connector: http
                      danube: {serviceUrl: "http://danube-broker.danube:6650", tokenSecretRef: {name: danube-token, key: token}}
                      config: {http: {url: "https://ingest.example.com"}}
                    """.formatted(NAMESPACE).getBytes(StandardCharsets.UTF_8))).create();

            long start = System.nanoTime();
            try (BenchOperatorProcess operator = BenchOperatorProcess.start(jar, "benchmark-secrets-operator.log",
                    jvmOptions, operatorEnv, server.url(), NAMESPACE)) {
                awaitOrFail(operator, start, () -> client.apps().deployments().inNamespace(NAMESPACE)
                        .withName("uses-token-sink").get() != null, () -> "no Deployment for the connector");
                long reconciledMs = millisSince(start);
                // Each controller (sources, sinks) has its own Secret informer and starts once its own informers
                // synced: the sink's Deployment can exist while the source controller is still paging. Measure once
                // both lists were read to their end.
                awaitOrFail(operator, start, () -> dispatcher.completedLists(SECRETS) >= CONTROLLERS,
                        () -> dispatcher.completedLists(SECRETS) + " of " + CONTROLLERS + " Secret lists read to their"
                                + " end; pages served: " + dispatcher.pagesByList());
                long listedMs = millisSince(start);
                if (dispatcher.preloadedItemsServed() < CONTROLLERS * bulk.size()) {
                    throw new IllegalStateException("the Secret lists covered only "
                            + dispatcher.preloadedItemsServed() + " of " + CONTROLLERS + " x " + bulk.size()
                            + " bulk Secrets");
                }
                System.out.printf("connector reconciled %d ms after the operator started, both Secret lists read"
                        + " after %d ms; list pages served: %s%n", reconciledMs, listedMs, dispatcher.pagesByList());
                // Quarkus opens its HTTP port only once the operator started, which may be just after the reconcile.
                awaitOrFail(operator, start, () -> !operator.getOrEmpty("/q/metrics").isEmpty(),
                        () -> "the operator serves no /q/metrics");
                String reconciled = operator.getOrEmpty("/q/metrics");
                operator.fullGc();
                String afterGc = operator.getOrEmpty("/q/metrics");
                GcLog gc = GcLog.read(gcLog);
                System.out.printf("operator heap: at most %d MiB in use when a collection began and %d MiB left after"
                        + " one (%d collections, GC log); %.1f MiB once reconciled, %.1f MiB after a full GC"
                        + " (committed %.1f MiB, max %.1f MiB); RSS %.1f MiB, peak RSS %.1f MiB%n",
                        gc.peakBeforeMiB(), gc.peakAfterMiB(), gc.collections(),
                        mib(BenchOperatorProcess.heapUsedBytes(reconciled)),
                        mib(BenchOperatorProcess.heapUsedBytes(afterGc)),
                        mib(BenchOperatorProcess.heapCommittedBytes(afterGc)),
                        mib(BenchOperatorProcess.heapMaxBytes(afterGc)),
                        operator.memoryKb("VmRSS") / 1024.0, operator.memoryKb("VmHWM") / 1024.0);
            }
        }
    }

    /** Polls (a process we do not control, in a main, not a test) until the condition holds or the limit passed. */
    private static void awaitOrFail(BenchOperatorProcess operator, long start, BooleanSupplier condition,
            Supplier<String> failure) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            operator.requireAlive("while the benchmark waited");
            if (System.nanoTime() - start > LIMIT.toNanos()) {
                throw new IllegalStateException(failure.get() + " after " + LIMIT.toMinutes() + " minutes; see "
                        + operator.log());
            }
            Thread.sleep(200);
        }
    }

    private static long millisSince(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime).toMillis();
    }

    private static double mib(double bytes) {
        return bytes / 1048576;
    }

    /** Heap figures from unified GC logging ({@code -Xlog:gc}: {@code GC(3) Pause Young ... 45M->12M(104M)}). */
    private record GcLog(long peakBeforeMiB, long peakAfterMiB, int collections) {
        private static final Pattern PAUSE = Pattern.compile("GC\\(\\d+\\) Pause .* (\\d+)M->(\\d+)M\\(\\d+M\\)");

        static GcLog read(Path file) throws IOException {
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

    /** Secrets as the API server returns them, {@code sizeKb} KiB of random (incompressible) base64 each. */
    private static Map<String, String> bulkSecrets(int count, int sizeKb) {
        Random random = new Random(42);
        byte[] raw = new byte[sizeKb * 1024 * 3 / 4]; // base64 makes it sizeKb KiB
        Map<String, String> byName = new LinkedHashMap<>();
        for (int i = 1; i <= count; i++) {
            random.nextBytes(raw);
            String name = "bulk-" + i;
            byName.put(name, Serialization.asJson(new SecretBuilder().withNewMetadata().withName(name)
                    .withNamespace(NAMESPACE).withUid(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8))
                            .toString())
                    .withResourceVersion(Integer.toString(i)).withCreationTimestamp("2026-11-28T00:00:00Z")
                    .endMetadata().withType("Opaque")
                    .withData(Map.of("payload", Base64.getEncoder().encodeToString(raw))).build()));
        }
        return byName;
    }
}
