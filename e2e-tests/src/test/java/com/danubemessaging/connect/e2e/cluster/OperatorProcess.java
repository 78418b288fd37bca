package com.danubemessaging.connect.e2e.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The operator as it ships: its Quarkus fast-jar ({@code operator/target/quarkus-app/quarkus-run.jar}, what the
 * operator image runs) in a child JVM with the production profile, so its built-in connector list is the root pom's
 * {@code danube.builtin.connectors}. It gets what the Helm chart's Deployment gives it
 * (POD_NAMESPACE, POD_NAME, the watched namespaces) plus the mock API server's URL. It applies its objects with server-side
 * apply ({@code quarkus.operator-sdk.enable-ssa} is fixed at build time), which {@link MockApiServer} serves.
 */
public final class OperatorProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final Path log;
    private final int httpPort;

    private OperatorProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    public static OperatorProcess start(Path quarkusApp, String apiServerUrl, String operatorNamespace, Path log) {
        Path jar = quarkusApp.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build it: ./mvnw -pl operator -am package -DskipTests");
        }
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-jar", jar.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> !List.of("PATH", "LANG", "JAVA_HOME").contains(k));
        env.put("HOME", log.getParent().toString());
        env.put("KUBECONFIG", log.getParent().resolve("no-kubeconfig").toString());
        env.put("POD_NAMESPACE", operatorNamespace);
        env.put("POD_NAME", "danube-connect-operator-0");
        env.put("QUARKUS_OPERATOR_SDK_NAMESPACES", "JOSDK_ALL_NAMESPACES");
        // quarkus.kubernetes-client.api-server-url is fixed at build time; the fabric8 client's own settings are
        // read at run time (in a pod it would use KUBERNETES_SERVICE_HOST/PORT and the service account).
        env.put("KUBERNETES_MASTER", apiServerUrl);
        env.put("KUBERNETES_TRUST_CERTIFICATES", "true");
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        // One operator replica, as the chart's leaderElection.enabled=false runs it: JOSDK's leader election first
        // checks its permissions with a SelfSubjectRulesReview, which the mock API server rejects (422).
        env.put("DANUBE_OPERATOR_LEADER_ELECTION_ENABLED", "false");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        try {
            return new OperatorProcess(builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the operator", e);
        }
    }

    /** Waits for /q/health/ready, as the chart's readiness probe does. */
    public void awaitReady(Duration timeout) {
        await("operator /q/health/ready").atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the operator exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The end of the operator's log, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(10),
                    java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
