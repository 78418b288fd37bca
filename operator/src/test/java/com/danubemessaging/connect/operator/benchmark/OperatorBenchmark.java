package com.danubemessaging.connect.operator.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.model.DanubeConnection;
import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.model.DanubeSinkConnector;
import com.danubemessaging.connect.operator.model.DanubeSourceConnector;
import com.danubemessaging.connect.operator.model.SecretKeyReference;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;

/**
 * Benchmark (a main, not a test): starts the fabric8 mock API server (CRUD mode), launches the packaged operator as
 * its own process against it, creates N connector CRs (half sources, half sinks, half of them referencing a token
 * Secret) and measures the time until every CR has a Deployment and a status for its generation, then the
 * operator's heap (from /q/metrics) and RSS (from /proc). See docs/benchmarks.md for the command.
 *
 * <p>Arguments: {@code <path to quarkus-run.jar> [N=500] [live|preload] [chart | extra JVM options for the
 * operator...]}. {@code live} (default) creates the CRs while the operator runs (time from the first create, so the
 * mock server's create rate is part of it); {@code preload} creates them first and times a cold operator start that
 * has to reconcile all of them. {@code chart} runs the operator with the JVM options the Helm chart gives it
 * ({@link ChartJvmOptions}).
 *
 * <p>The CRs use only connectors the benchmarked build accepts (its {@code danube.operator.builtin-connectors},
 * read from the jar). A CR the operator refuses ({@code SpecValid=False}) ends the benchmark at once with the
 * operator's message, and so does a time limit ({@code -Dbench.limitSeconds}, default 60 s + 0.5 s per CR): a
 * benchmark that cannot complete must fail, not hang.
 */
public final class OperatorBenchmark {

    private static final String NAMESPACE = "bench";

    private OperatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        boolean preload = args.length > 2 && args[2].equals("preload");
        List<String> jvmOptions = args.length > 3 ? List.of(args).subList(3, args.length) : List.of();
        Map<String, String> operatorEnv = Map.of();
        if (jvmOptions.equals(List.of("chart"))) {
            jvmOptions = ChartJvmOptions.of(ChartJvmOptions.repositoryRootOf(jar));
            operatorEnv = ChartJvmOptions.environment(ChartJvmOptions.repositoryRootOf(jar));
        }
        Duration limit = Duration.ofSeconds(Long.getLong("bench.limitSeconds", 60 + n / 2));
        BenchConnectors connectors = BenchConnectors.forBuild(jar);
        System.out.printf("operator benchmark: N=%d, %s, connectors %s and %s (built-ins of this build: %s), "
                + "operator JVM options %s %s, time limit %d s; %s%n", n, preload ? "preload" : "live",
                connectors.source(), connectors.sink(), connectors.builtins(), jvmOptions, operatorEnv,
                limit.toSeconds(), loadAverage());

        try (BenchApiServer server = BenchApiServer.start(new KubernetesCrudDispatcher(), jar, NAMESPACE)) {
            KubernetesClient client = server.client();
            client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata()
                    .withName("danube-token").endMetadata().withStringData(Map.of("token", "bench-jwt")).build())
                    .create();

            long t0 = System.nanoTime();
            if (preload) {
                createConnectors(client, n, connectors);
            }
            long created = System.nanoTime();
            long operatorStart = System.nanoTime();
            try (BenchOperatorProcess operator = BenchOperatorProcess.start(jar, "benchmark-operator.log", jvmOptions,
                    operatorEnv, server.url(), NAMESPACE)) {
                while (!operator.getOrEmpty("/q/health/ready").contains("\"UP\"")) {
                    operator.requireAlive("before it was ready");
                    if (System.nanoTime() - operatorStart > Duration.ofSeconds(120).toNanos()) {
                        throw new IllegalStateException("operator not ready after 120 s; see " + operator.log());
                    }
                    Thread.sleep(200); // polling a process we do not control, in a main (not a test)
                }
                long ready = System.nanoTime();
                System.out.printf("operator ready after %d ms (process start -> /q/health/ready UP)%n",
                        Duration.ofNanos(ready - operatorStart).toMillis());
                if (!preload) {
                    t0 = System.nanoTime();
                    createConnectors(client, n, connectors);
                    created = System.nanoTime();
                }
                int done = 0;
                while (done < n) {
                    done = reconciled(client);
                    if (done < n) {
                        failOnRefusedSpec(client);
                        operator.requireAlive("after " + done + "/" + n + " CRs were reconciled");
                        if (System.nanoTime() - t0 > limit.toNanos()) {
                            throw new IllegalStateException("only " + done + "/" + n + " CRs reconciled (Deployment"
                                    + " and status.observedGeneration) within the limit of " + limit.toSeconds()
                                    + " s; see " + operator.log());
                        }
                        Thread.sleep(100);
                    }
                }
                long end = System.nanoTime();
                if (preload) {
                    System.out.printf("mode preload: N=%d CRs created before the operator started (%d ms); all "
                            + "reconciled %d ms after the operator process started (%d ms after it was ready)%n", n,
                            Duration.ofNanos(created - t0).toMillis(),
                            Duration.ofNanos(end - operatorStart).toMillis(),
                            Duration.ofNanos(end - ready).toMillis());
                } else {
                    System.out.printf("mode live: N=%d CRs created in %d ms; all reconciled %d ms after the first "
                            + "create%n", n, Duration.ofNanos(created - t0).toMillis(),
                            Duration.ofNanos(end - t0).toMillis());
                }
                long deployments = client.apps().deployments().inNamespace(NAMESPACE).list().getItems().size();

                String metrics = operator.getOrEmpty("/q/metrics");
                System.out.printf("reconciled = Deployment exists and status.observedGeneration = generation; "
                        + "deployments=%d%n", deployments);
                System.out.printf("operator heap used %.1f MiB (committed %.1f MiB), RSS %.1f MiB%n",
                        BenchOperatorProcess.heapUsedBytes(metrics) / 1048576,
                        BenchOperatorProcess.heapCommittedBytes(metrics) / 1048576,
                        operator.memoryKb("VmRSS") / 1024.0);
                metrics.lines().filter(l -> l.contains("reconciliations_success")
                        || l.contains("reconciliations_failed")).filter(l -> !l.startsWith("#"))
                        .forEach(System.out::println);
            }
        }
        // The mock server's and the HTTP client's threads are not daemons; a benchmark main just ends here.
        System.exit(0);
    }

    private static String loadAverage() {
        try {
            return "load average " + Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+", 4)[0];
        } catch (IOException e) {
            return "load average unknown";
        }
    }

    private static void createConnectors(KubernetesClient client, int n, BenchConnectors connectors) {
        for (int i = 0; i < n; i++) {
            client.resource(connector(i, connectors)).create();
        }
    }

    private static DanubeConnector connector(int i, BenchConnectors connectors) {
        boolean source = i % 2 == 0;
        DanubeConnector cr = source ? new DanubeSourceConnector() : new DanubeSinkConnector();
        cr.setMetadata(new ObjectMetaBuilder().withName("c" + i).withNamespace(NAMESPACE).build());
        ConnectorSpec spec = new ConnectorSpec();
        spec.setConnector(source ? connectors.sourceShortName() : connectors.sinkShortName());
        DanubeConnection danube = new DanubeConnection();
        danube.setServiceUrl("http://danube-broker.danube:6650");
        if (i % 4 < 2) {
            SecretKeyReference token = new SecretKeyReference();
            token.setName("danube-token");
            token.setKey("token");
            danube.setTokenSecretRef(token);
        }
        spec.setDanube(danube);
        spec.setConfig(source ? connectors.sourceConfig(i) : connectors.sinkConfig(i));
        cr.setSpec(spec);
        return cr;
    }

    /** Ends the benchmark with the operator's own message when it refused a CR: waiting would never end. */
    private static void failOnRefusedSpec(KubernetesClient client) {
        for (Class<? extends DanubeConnector> kind : List.of(DanubeSourceConnector.class,
                DanubeSinkConnector.class)) {
            for (DanubeConnector cr : client.resources(kind).inNamespace(NAMESPACE).list().getItems()) {
                if (cr.getStatus() == null || cr.getStatus().getConditions() == null) {
                    continue;
                }
                cr.getStatus().getConditions().stream()
                        .filter(c -> "SpecValid".equals(c.getType()) && "False".equals(c.getStatus()))
                        .findFirst().ifPresent(c -> {
                            throw new IllegalStateException("the operator refused " + kind.getSimpleName() + " "
                                    + cr.getMetadata().getName() + " (SpecValid=False, " + c.getReason() + "): "
                                    + c.getMessage());
                        });
            }
        }
    }

    /** CRs whose status reflects their current generation and whose Deployment exists. */
    private static int reconciled(KubernetesClient client) {
        var names = new java.util.HashSet<String>();
        client.apps().deployments().inNamespace(NAMESPACE).list().getItems()
                .forEach(d -> names.add(d.getMetadata().getName()));
        int count = 0;
        for (Class<? extends DanubeConnector> kind : List.of(DanubeSourceConnector.class,
                DanubeSinkConnector.class)) {
            for (DanubeConnector cr : client.resources(kind).inNamespace(NAMESPACE).list().getItems()) {
                if (cr.getStatus() != null && cr.getMetadata().getGeneration() != null
                        && cr.getMetadata().getGeneration().equals(cr.getStatus().getObservedGeneration())
                        && names.contains(cr.getMetadata().getName() + "-" + cr.side().id())) {
                    count++;
                }
            }
        }
        return count;
    }
}
