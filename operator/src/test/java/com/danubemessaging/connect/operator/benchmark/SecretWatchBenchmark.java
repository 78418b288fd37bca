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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * Benchmark (a main, not a test): the operator's Secret watch in a namespace full of large Secrets. Starts the mock
 * API server with real list pagination ({@link PagingCrudDispatcher}), creates N Secrets of about S KB each (random
 * bytes, so nothing compresses or dedups) plus one connector CR that references one of them, launches the packaged
 * operator as its own process with the chart's heap cap, and reports, once the CR is reconciled and a full GC ran,
 * the operator's heap and RSS and how many list pages it read. See docs/benchmarks.md for the command.
 *
 * <p>Arguments: {@code <path to quarkus-run.jar> [N=2000] [S=100] [extra JVM options for the operator...]}.
 */
public final class SecretWatchBenchmark {

    private static final String NAMESPACE = "bench";

    private SecretWatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer").setLevel(Level.WARNING);
        Path jar = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int sizeKb = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        List<String> jvmOptions = args.length > 3 ? List.of(args).subList(3, args.length) : List.of();

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
            Random random = new Random(42);
            byte[] raw = new byte[sizeKb * 1024 * 3 / 4]; // base64 makes it sizeKb KiB
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                random.nextBytes(raw);
                client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                        .withName(i == 0 ? "danube-token" : "bulk-" + i).endMetadata()
                        .withData(Map.of("token", Base64.getEncoder().encodeToString(raw))).build()).create();
            }
            System.out.printf("created %d Secrets of %d KiB (base64) in %d ms%n", n, sizeKb,
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
            long start = System.nanoTime();
            operator = startOperator(jar, jvmOptions, server.url("/"), httpPort);
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
            System.out.printf("connector reconciled %d ms after the operator started; %d paged list responses"
                    + " served%n", Duration.ofNanos(System.nanoTime() - start).toMillis(), dispatcher.pagedResponses);
            HttpClient http = HttpClient.newHttpClient();
            String peak = get(http, httpPort, "/q/metrics");
            long peakRssKb = rssKb(operator.pid(), "VmHWM");
            // A full GC in the operator (jcmd), so that "heap used" is what the cache really retains.
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(operator.pid()), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            String after = get(http, httpPort, "/q/metrics");
            System.out.printf("operator heap used %.1f MiB before GC, %.1f MiB after a full GC (committed %.1f MiB,"
                    + " max %.1f MiB); RSS %.1f MiB, peak RSS %.1f MiB%n",
                    sum(peak, "jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+-]+)") / 1048576,
                    sum(after, "jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+-]+)") / 1048576,
                    sum(after, "jvm_memory_committed_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+-]+)") / 1048576,
                    sum(after, "jvm_memory_max_bytes\\{area=\"heap\"[^}]*} ([0-9.eE+-]+)") / 1048576,
                    rssKb(operator.pid(), "VmRSS") / 1024.0, peakRssKb / 1024.0);
        } finally {
            if (operator != null) {
                operator.destroy();
                operator.waitFor();
            }
            server.destroy();
        }
        System.exit(0); // the mock server's threads are not daemons
    }

    private static Process startOperator(Path jar, List<String> jvmOptions, String apiServer, int httpPort)
            throws java.io.IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("KUBERNETES_MASTER", apiServer);
        pb.environment().put("KUBERNETES_NAMESPACE", NAMESPACE);
        pb.environment().put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        pb.environment().put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        // The mock server builds its first page from the whole list (hundreds of MB) on its one event loop, which
        // takes longer than the client's default 10 s request timeout; a real API server pages from etcd.
        pb.environment().put("KUBERNETES_REQUEST_TIMEOUT", "180000");
        pb.environment().put("QUARKUS_KUBERNETES_CLIENT_REQUEST_TIMEOUT", "PT180S");
        pb.environment().put("QUARKUS_OPERATOR_SDK_CACHE_SYNC_TIMEOUT", "PT15M");
        pb.environment().put("DANUBE_OPERATOR_LEADER_ELECTION_ENABLED", "false");
        pb.environment().put("QUARKUS_LOG_LEVEL", "WARN");
        Path log = jar.toAbsolutePath().getParent().getParent().resolve("benchmark-secrets-operator.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
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
