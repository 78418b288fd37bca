package com.danubemessaging.connect.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.danubemessaging.connect.e2e.cluster.Manifests;
import com.danubemessaging.connect.e2e.cluster.MockApiServer;
import com.danubemessaging.connect.e2e.cluster.OperatorProcess;
import com.danubemessaging.connect.e2e.image.RuntimeImage;
import com.danubemessaging.connect.e2e.kubelet.ControlLoop;
import com.danubemessaging.connect.e2e.kubelet.SimulatedDeploymentController;
import com.danubemessaging.connect.e2e.kubelet.SimulatedKubelet;
import com.danubemessaging.connect.e2e.node.HostCommands;
import com.danubemessaging.connect.e2e.node.NodeNetwork;
import com.danubemessaging.connect.e2e.services.ShopDatabase;
import com.danubemessaging.connect.e2e.services.TlsMosquitto;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.LocalServers;
import com.danubemessaging.connect.testkit.TcpProxy;
import com.danubemessaging.connect.testkit.TestCertificates;
import com.danubemessaging.connect.testkit.TestTokens;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * End to end, from connector CRs to rows in PostgreSQL, with a SIMULATED KUBELET: no cluster runs here, so the test
 * plays the kubelet, the Deployment controller and the network.
 *
 * <ul>
 *   <li>the operator's production jar runs against the fabric8 mock API server;</li>
 *   <li>the user's objects come from examples/ (danube-secrets.yaml, source-mqtt.yaml, sink-jdbc.yaml) with only
 *       addresses changed (and the placeholder secret values filled in);</li>
 *   <li>for every Deployment the operator renders, each replica runs as a child JVM of the runtime image's
 *       entrypoint (read from the Dockerfile's {@code runtime} stage, running the built runtime jar), with exactly the
 *       pod spec's command, args, env (secretKeyRef, configMapKeyRef, envFrom and fieldRef resolved from the API
 *       server), volumes mounted at their mount paths in the pod's own mount namespace, its own network namespace and
 *       pod IP, and the security context's user; the kubelet's probes run on the spec's ports and paths and its pod
 *       and Deployment status is written back;</li>
 *   <li>the external systems are real: the testkit broker (TLS and JWT, as the examples' https URL and token
 *       Secret ask), Mosquitto (TLS and a password), PostgreSQL.</li>
 * </ul>
 *
 * Then: 1,000 MQTT QoS 1 messages become 1,000 rows (exact id set) and the pods' counters agree; a sink spec that
 * cannot write fails its new pod with a termination message that reaches the CR status; fixing it recovers with
 * every message written; rotating the database password Secret rolls the pods onto the new value; scaling the Shared
 * subscription sink down to 1 and back to 2 starts a new process and both replicas consume.
 */
class ConnectorPipelineOnSimulatedKubeletTest {
    private static final String NS = "connectors";
    private static final String OPERATOR_NS = "danube-connect-system";
    private static final String API_VERSION = "connect.danube-messaging.io/v1alpha1";
    private static final String SOURCE_KIND = "DanubeSourceConnector";
    private static final String SINK_KIND = "DanubeSinkConnector";
    private static final String SOURCE = "mqtt-sensors";
    private static final String SINK = "orders-to-postgres";
    private static final String DANUBE_PRINCIPAL = "danube-connect";
    private static final String MQTT_USER = "danube";
    private static final String DB_USER = "danube_writer";
    private static final String TABLE = "orders";
    private static final String READ_ONLY_TABLE = "orders_readonly";
    private static final Duration ROLLOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Deque<AutoCloseable> closers = new ArrayDeque<>();
    private final List<String> events = new ArrayList<>();
    private KubernetesClient client;
    private SimulatedKubelet kubelet;
    private ShopDatabase database;
    private TlsMosquitto mosquitto;
    private OperatorProcess operator;
    private Path work;
    private long published;

    @Test
    void mqttMessagesBecomeRowsThroughThePodsTheOperatorRendered() throws Exception {
        requirePrerequisites();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Path repo = Path.of(System.getProperty("danube.repo.root", "..")).toAbsolutePath().normalize();
        String buildDir = System.getProperty("danube.build.dir", "target");
        work = Files.createDirectories(Path.of(System.getProperty("danube.build.output", "target"))
                .toAbsolutePath().resolve("e2e-" + tag));

        // ---- the node, the Services and the external systems
        NodeNetwork network = closing(NodeNetwork.create());
        String serviceIp = network.serviceIp();
        TestCertificates certificates = TestCertificates.generate(work.resolve("certs"), serviceIp);
        String jwtSecret = UUID.randomUUID().toString();
        DanubeTestBroker broker = closing(DanubeTestBroker.builder().host(serviceIp).advertisedHost(serviceIp)
                .tls(certificates).jwtSecret(jwtSecret).superAdmin(DANUBE_PRINCIPAL).namespace("iot", "shop")
                .build().start());
        String mqttPassword = "mqtt-" + UUID.randomUUID();
        mosquitto = closing(TlsMosquitto.start(work.resolve("mosquitto"), serviceIp, certificates, MQTT_USER,
                mqttPassword));
        String dbPassword = "db-" + UUID.randomUUID();
        database = closing(ShopDatabase.create("shop_e2e_" + tag, DB_USER, dbPassword));
        TcpProxy postgresService = closing(TcpProxy.startOn(InetAddress.getByName(serviceIp), ShopDatabase.HOST,
                ShopDatabase.PORT));

        // ---- the control plane: API server with the CRDs, the operator, the simulated controllers and kubelet
        MockApiServer api = closing(MockApiServer.start(repo.resolve("crds")));
        client = api.client();
        api.createNamespace(OPERATOR_NS);
        api.createNamespace(NS);
        operator = closing(OperatorProcess.start(repo.resolve("operator").resolve(buildDir).resolve("quarkus-app"),
                api.url(), OPERATOR_NS, work.resolve("operator.log")));
        operator.awaitReady(Duration.ofSeconds(60));
        RuntimeImage image = RuntimeImage.read(repo.resolve("Dockerfile"), "runtime", repo, buildDir,
                work.resolve("image"));
        event("image: runs " + image.entrypoint() + " as " + image.user() + " in " + image.workdir()
                + "; not replayed: " + image.skippedRunSteps());
        kubelet = closing(new SimulatedKubelet(client, network, image, work.resolve("pods"), NS, this::event));
        closing(new ControlLoop(new SimulatedDeploymentController(client, NS, this::event), kubelet, this::event));
        ConnectorStatusLog statusLog = closing(new ConnectorStatusLog());
        statusLog.watch("source", () -> cr(SOURCE_KIND, SOURCE));
        statusLog.watch("sink", () -> cr(SINK_KIND, SINK));

        // ---- what the user applies: examples/ with the addresses of this cluster
        String danubeUrl = "https://" + serviceIp + ":" + broker.port();
        List<GenericKubernetesResource> secrets = Manifests.read(repo.resolve("examples/danube-secrets.yaml"));
        fill(secrets, "danube-token", Map.of("token", TestTokens.hs256(jwtSecret, DANUBE_PRINCIPAL,
                Duration.ofHours(2))));
        String ca = Files.readString(certificates.caCert());
        fill(secrets, "mqtt-credentials", Map.of("password", mqttPassword, "ca.crt", ca));
        fill(secrets, "jdbc-sink-credentials", Map.of("password", dbPassword));
        for (String name : List.of("danube-token", "mqtt-credentials", "jdbc-sink-credentials")) {
            Manifests.apply(client, NS, Manifests.find(secrets, "Secret", name));
        }
        // kubectl create secret generic danube-tls --from-file=ca.crt=./ca.crt (source-mqtt.yaml's comment)
        client.secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("danube-tls").endMetadata()
                .addToData("ca.crt", java.util.Base64.getEncoder().encodeToString(ca.getBytes(StandardCharsets.UTF_8)))
                .build()).create();

        List<GenericKubernetesResource> sourceDocs = Manifests.read(repo.resolve("examples/source-mqtt.yaml"));
        GenericKubernetesResource source = Manifests.find(sourceDocs, SOURCE_KIND, SOURCE);
        Manifests.replace(source, "spec.danube", "serviceUrl", danubeUrl);
        Manifests.replace(source, "spec.config.mqtt", "broker_host", serviceIp);
        Manifests.replace(source, "spec.config.mqtt", "broker_port", mosquitto.tlsPort());
        Manifests.apply(client, NS, Manifests.find(sourceDocs, "ConfigMap", "mqtt-sensor-schemas"));
        Manifests.apply(client, NS, source);

        List<GenericKubernetesResource> sinkDocs = Manifests.read(repo.resolve("examples/sink-jdbc.yaml"));
        GenericKubernetesResource sink = Manifests.find(sinkDocs, SINK_KIND, SINK);
        Manifests.replace(sink, "spec.danube", "serviceUrl", danubeUrl);
        Manifests.replace(sink, "spec.config.jdbc", "url",
                "jdbc:postgresql://" + serviceIp + ":" + postgresService.port() + "/" + database.name());
        // The topic the source writes (the example sink reads /shop/orders of another producer).
        Manifests.replace(sink, "spec.config.jdbc.routes.0", "from", "/iot/temperature");
        // The test broker's certificate is signed by a private CA; sink-jdbc.yaml assumes a public one.
        Manifests.at(sink, "spec.danube").put("tlsSecretRef", Map.of("name", "danube-tls"));
        int sinkReplicas = ((Number) Manifests.at(sink, "spec").get("replicas")).intValue();
        Manifests.apply(client, NS, sink);

        // ---- 1. both connectors run; 1,000 QoS 1 messages become 1,000 rows
        awaitRunning(SOURCE_KIND, SOURCE, 1);
        awaitRunning(SINK_KIND, SINK, sinkReplicas);
        assertThat(sinkReplicas).as("the example's sink replicas").isEqualTo(2);
        Set<Long> expected = new TreeSet<>();
        MqttClient publisher = publisher(mqttPassword);
        try {
            expected.addAll(publish(publisher, 1, 1000));
            awaitRows(expected);
            long sourceProcessed = sumMetric(pods("source"), "danube_connector_messages_processed_total");
            Map<String, Long> perSinkPod = perPodMetric(pods("sink"), "danube_connector_messages_processed_total");
            assertThat(sourceProcessed).as("source pods' processed counter").isEqualTo(1000);
            assertThat(perSinkPod.values().stream().mapToLong(Long::longValue).sum())
                    .as("sink pods' processed counters " + perSinkPod).isEqualTo(1000);
            assertThat(perSinkPod).as("both Shared-subscription replicas consume").hasSize(2)
                    .allSatisfy((pod, n) -> assertThat(n).isPositive());
            event("phase 1: published 1000, rows " + database.count(TABLE) + ", source processed " + sourceProcessed
                    + ", sink processed " + perSinkPod);

            // ---- 2. break: the sink may not write its new table; the new pod fails with a termination message
            database.createReadOnlyTable(READ_ONLY_TABLE, TABLE);
            Set<String> before = podNames("sink");
            editSink(cr -> Manifests.replace(cr, "spec.config.jdbc.routes.0", "to", READ_ONLY_TABLE));
            String brokenPod = await("a new sink pod for the broken spec").atMost(ROLLOUT)
                    .until(() -> newPod("sink", before), p -> p != null);
            // The broken replica is among the Shared consumers while messages flow: it takes some and dies on them.
            Map<String, Object> failure = null;
            for (long next = 1001; failure == null; next += 50) {
                expected.addAll(publish(publisher, next, 50));
                failure = lastFailureWithin(Duration.ofSeconds(5), brokenPod);
                assertThat(next).as("the broken pod failed within 1,000 further messages").isLessThan(2000);
            }
            String podMessage = terminationMessage(brokenPod);
            assertThat(podMessage).as("the kubelet copied the runtime's termination message")
                    .contains("permission denied").contains(READ_ONLY_TABLE);
            assertThat(failure.get("pod")).isEqualTo(brokenPod);
            assertThat((String) failure.get("message")).isEqualTo(podMessage.strip());
            assertThat(failure.get("exitCode")).isEqualTo(1);
            assertThat(failure.get("reason")).isIn("Error", "CrashLoopBackOff");
            assertThat(readyCondition(cr(SINK_KIND, SINK)).get("status")).isEqualTo("False");
            event("phase 2: broken pod " + brokenPod + " failed: " + failure.get("reason") + ", exit "
                    + failure.get("exitCode") + ": " + failure.get("message"));

            // ---- 3. fix: back to the writable table; every message published meanwhile is written
            editSink(cr -> Manifests.replace(cr, "spec.config.jdbc.routes.0", "to", TABLE));
            expected.addAll(publish(publisher, 2001, 100));
            awaitRunning(SINK_KIND, SINK, sinkReplicas);
            await("the broken pod is gone").atMost(ROLLOUT).until(() -> !podNames("sink").contains(brokenPod));
            awaitRows(expected);
            assertThat(cr(SINK_KIND, SINK).getAdditionalProperties().get("status").toString())
                    .doesNotContain("lastFailure");

            // ---- 4. rotate the database password Secret: the pods roll onto the new value
            String rotated = "db-rotated-" + UUID.randomUUID();
            database.setPassword(rotated);
            Set<String> beforeRotation = podNames("sink");
            client.secrets().inNamespace(NS).withName("jdbc-sink-credentials").edit(s -> {
                s.getData().put("password", java.util.Base64.getEncoder().encodeToString(
                        rotated.getBytes(StandardCharsets.UTF_8)));
                return s;
            });
            await("every sink pod replaced after the rotation").atMost(ROLLOUT).until(() -> {
                Set<String> now = podNames("sink");
                return now.size() == sinkReplicas && now.stream().noneMatch(beforeRotation::contains);
            });
            awaitRunning(SINK_KIND, SINK, sinkReplicas);
            for (String pod : podNames("sink")) {
                assertThat(processEnv(pod)).as("JDBC_PASSWORD of the process of " + pod)
                        .containsEntry("JDBC_PASSWORD", rotated);
            }
            expected.addAll(publish(publisher, 2101, 100));
            awaitRows(expected);

            // ---- 5. scale the Shared-subscription sink to 1, then to 2: a second process starts, both consume
            editSink(cr -> Manifests.at(cr, "spec").put("replicas", 1));
            await("one sink pod").atMost(ROLLOUT).until(() -> podNames("sink").size() == 1);
            awaitRunning(SINK_KIND, SINK, 1);
            Set<String> single = podNames("sink");
            editSink(cr -> Manifests.at(cr, "spec").put("replicas", 2));
            String second = await("a second sink pod").atMost(ROLLOUT).until(() -> newPod("sink", single),
                    p -> p != null);
            awaitRunning(SINK_KIND, SINK, 2);
            assertThat(kubelet.pid(second)).as("the second replica's process").isPresent();
            Map<String, Long> beforeScaleOut = perPodMetric(pods("sink"), "danube_connector_messages_processed_total");
            expected.addAll(publish(publisher, 2201, 200));
            awaitRows(expected);
            Map<String, Long> afterScaleOut = perPodMetric(pods("sink"), "danube_connector_messages_processed_total");
            assertThat(afterScaleOut).as("both replicas consumed after the scale-out").hasSize(2)
                    .allSatisfy((pod, n) -> assertThat(n).isGreaterThan(beforeScaleOut.getOrDefault(pod, 0L)));
        } finally {
            publisher.disconnect();
            publisher.close();
        }

        // ---- summary
        Set<Long> rows = database.ids(TABLE, "order_id");
        System.out.println("e2e summary: messages published=" + published + " (distinct ids " + expected.size()
                + "), rows found=" + rows.size() + ", exact id set=" + rows.equals(expected)
                + ", pods started=" + kubelet.startedPods().size());
        statusLog.transitions().forEach(t -> System.out.println("e2e status transition: " + t));
        assertThat(rows).as("rows of " + TABLE).isEqualTo(expected);
        assertThat(statusLog.transitions()).as("status transitions seen")
                .anyMatch(t -> t.contains("sink: Running Ready=True/AllReplicasReady readyReplicas=2"))
                .anyMatch(t -> t.contains("sink:") && t.contains("lastFailure="))
                .anyMatch(t -> t.contains("source: Running Ready=True/AllReplicasReady readyReplicas=1"))
                // pods that rollouts and the scale-down deleted exit 143 (or 137): never a failure of the connector
                .noneMatch(t -> t.contains("exit 143") || t.contains("exit 137"));
    }

    // ------------------------------------------------------------------ steps

    private void requirePrerequisites() {
        LocalServers.require("PostgreSQL", ShopDatabase.HOST, ShopDatabase.PORT,
                "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");
        String missing = HostCommands.missingPrerequisite();
        if (missing == null) {
            try {
                HostCommands.which("mosquitto");
                HostCommands.which("mosquitto_passwd");
            } catch (IllegalStateException e) {
                missing = "Mosquitto is not installed (apt-get install mosquitto): " + e.getMessage();
            }
        }
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(missing + "; CI must provide it");
            }
            Assumptions.abort(missing + "; skipped outside CI");
        }
    }

    private void fill(List<GenericKubernetesResource> secrets, String name, Map<String, String> values) {
        GenericKubernetesResource secret = Manifests.find(secrets, "Secret", name);
        values.forEach((k, v) -> Manifests.replace(secret, "stringData", k, v));
    }

    private void editSink(java.util.function.Consumer<GenericKubernetesResource> change) {
        Manifests.edit(client, NS, API_VERSION, SINK_KIND, SINK, change);
    }

    private GenericKubernetesResource cr(String kind, String name) {
        return Manifests.get(client, NS, API_VERSION, kind, name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource cr) {
        Object status = cr == null ? null : cr.getAdditionalProperties().get("status");
        return status == null ? Map.of() : (Map<String, Object>) status;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readyCondition(GenericKubernetesResource cr) {
        return ((List<Map<String, Object>>) status(cr).getOrDefault("conditions", List.of())).stream()
                .filter(c -> "Ready".equals(c.get("type"))).findFirst().orElse(Map.of());
    }

    /** Ready=True, phase Running, the ready replicas, for the current generation. */
    private void awaitRunning(String kind, String name, int replicas) {
        await(kind + " " + name + " Ready with " + replicas + " replicas").atMost(ROLLOUT)
                .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    assertThat(operator.isAlive()).as("operator alive").isTrue();
                    GenericKubernetesResource cr = cr(kind, name);
                    Map<String, Object> status = status(cr);
                    assertThat(status.get("observedGeneration")).as(ConnectorStatusLog.summary(cr))
                            .isEqualTo(cr.getMetadata().getGeneration().intValue());
                    assertThat(status.get("phase")).as(ConnectorStatusLog.summary(cr)).isEqualTo("Running");
                    assertThat(readyCondition(cr).get("status")).as(ConnectorStatusLog.summary(cr)).isEqualTo("True");
                    assertThat(status.get("readyReplicas")).isEqualTo(replicas);
                });
    }

    @SuppressWarnings("unchecked")
    /** The sink's lastFailure once it names {@code pod}: an earlier failure of another pod is not this one. */
    private Map<String, Object> lastFailureWithin(Duration wait, String pod) {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            Object failure = status(cr(SINK_KIND, SINK)).get("lastFailure");
            if (failure != null && pod.equals(((Map<String, Object>) failure).get("pod"))) {
                return (Map<String, Object>) failure;
            }
            sleep(200);
        } while (System.nanoTime() < deadline);
        return null;
    }

    private void awaitRows(Set<Long> expected) {
        await("rows " + expected.size()).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(database.ids(TABLE, "order_id")).isEqualTo(expected));
    }

    private MqttClient publisher(String password) throws Exception {
        MqttClient publisher = new MqttClient("tcp://127.0.0.1:" + mosquitto.plainPort(), "e2e-publisher",
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(MQTT_USER);
        options.setPassword(password.toCharArray());
        options.setCleanSession(true);
        options.setMaxInflight(1000);
        publisher.connect(options);
        return publisher;
    }

    /** QoS 1 messages {@code first .. first+count-1}: readings the schema accepts, carrying order fields. */
    private List<Long> publish(MqttClient publisher, long first, int count) throws Exception {
        List<Long> ids = LongStream.range(first, first + count).boxed().toList();
        for (long id : ids) {
            String json = "{\"sensor_id\":\"sensor-" + (id % 10) + "\",\"celsius\":" + (id % 40) + ".5,\"id\":" + id
                    + ",\"customer\":{\"name\":\"customer-" + id + "\"},\"amount\":" + id + ".25"
                    + ",\"created_at\":\"2026-11-28T10:00:00Z\"}";
            MqttMessage message = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            publisher.publish("sensors/sensor-" + (id % 10) + "/temperature", message);
            published++;
        }
        return ids;
    }

    /** The live pods of the Deployment the operator made for a CR (found by owner reference, selected by its selector). */
    private List<Pod> pods(String side) {
        String kind = "source".equals(side) ? SOURCE_KIND : SINK_KIND;
        String name = "source".equals(side) ? SOURCE : SINK;
        var deployment = client.apps().deployments().inNamespace(NS).list().getItems().stream()
                .filter(d -> d.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> kind.equals(o.getKind()) && name.equals(o.getName())))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment owned by " + kind + " " + name));
        return client.pods().inNamespace(NS).withLabels(deployment.getSpec().getSelector().getMatchLabels()).list()
                .getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private Set<String> podNames(String side) {
        return pods(side).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
    }

    private String newPod(String side, Set<String> before) {
        return podNames(side).stream().filter(n -> !before.contains(n)).findFirst().orElse(null);
    }

    private String terminationMessage(String pod) {
        Pod p = client.pods().inNamespace(NS).withName(pod).get();
        var cs = p.getStatus().getContainerStatuses().get(0);
        var terminated = cs.getState().getTerminated() != null ? cs.getState().getTerminated()
                : cs.getLastState() == null ? null : cs.getLastState().getTerminated();
        assertThat(terminated).as("terminated state of " + pod).isNotNull();
        return terminated.getMessage();
    }

    /** The real environment of a pod's container process (/proc/PID/environ). */
    private Map<String, String> processEnv(String pod) throws IOException {
        long pid = kubelet.pid(pod).orElseThrow(() -> new AssertionError("no process for " + pod));
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")),
                StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    /** Scrapes each pod at its IP on the port and path of its prometheus.io annotations (the rendered spec). */
    private Map<String, Long> perPodMetric(List<Pod> pods, String metric) {
        Map<String, Long> result = new LinkedHashMap<>();
        for (Pod pod : pods) {
            Map<String, String> annotations = pod.getMetadata().getAnnotations();
            String port = annotations.get("prometheus.io/port");
            String path = annotations.get("prometheus.io/path");
            assertThat(port).as("prometheus.io/port of " + pod.getMetadata().getName()).isNotBlank();
            URI uri = URI.create("http://" + pod.getStatus().getPodIP() + ":" + port + path);
            String body;
            try {
                body = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException | InterruptedException e) {
                throw new AssertionError("cannot scrape " + uri + ": " + e, e);
            }
            long sum = body.lines().filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            result.put(pod.getMetadata().getName(), sum);
        }
        return result;
    }

    private long sumMetric(List<Pod> pods, String metric) {
        return perPodMetric(pods, metric).values().stream().mapToLong(Long::longValue).sum();
    }

    private synchronized void event(String text) {
        events.add(text);
        if (work != null) {
            try {
                Files.writeString(work.resolve("events.log"), java.time.LocalTime.now() + " " + text + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                // the log is a help for reading failures only
            }
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        closers.push(resource);
        return resource;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void tearDown() {
        while (!closers.isEmpty()) {
            try {
                closers.pop().close();
            } catch (Exception e) {
                System.err.println("e2e clean-up: " + e);
            }
        }
        if (operator != null && work != null) {
            System.out.println("e2e: logs of this run in " + work);
        }
    }
}
