package com.danubemessaging.connect.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.danubemessaging.connect.operator.model.ConfigMapKeyReference;
import com.danubemessaging.connect.operator.model.ConnectorPhase;
import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.model.ConnectorState;
import com.danubemessaging.connect.operator.model.DanubeConnection;
import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.model.DanubeSinkConnector;
import com.danubemessaging.connect.operator.model.DanubeSourceConnector;
import com.danubemessaging.connect.operator.model.LogFormat;
import com.danubemessaging.connect.operator.model.SchemaSpec;
import com.danubemessaging.connect.operator.model.SchemaType;
import com.danubemessaging.connect.operator.model.SecretKeyReference;
import com.danubemessaging.connect.operator.status.Conditions;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The operator running in Quarkus against the fabric8 mock API server in CRUD mode. The mock server has no kubelet
 * and no Deployment controller, so where their work matters this test plays them explicitly: it writes Deployment
 * status (as the Deployment controller would) and creates Pods with container statuses (as the kubelet would).
 * Each test uses its own namespace.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ConnectorReconcilerTest {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TOKEN_VALUE = "jwt-value-that-must-never-leak";

    @Inject
    KubernetesClient client;

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    String ns;

    @BeforeEach
    void namespace() {
        ns = "t" + NAMESPACES.incrementAndGet();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();
    }

    @Test
    void createRendersConfigMapDeploymentAndServiceOwnedByTheConnector() {
        DanubeSourceConnector cr = client.resource(source("mqtt-in", spec -> { })).create();

        Deployment deployment = awaitDeployment("mqtt-in-source");
        ConfigMap configMap = await().atMost(TIMEOUT).until(
                () -> client.configMaps().inNamespace(ns).withName("mqtt-in-source-config").get(), c -> c != null);
        Service service = await().atMost(TIMEOUT).until(
                () -> client.services().inNamespace(ns).withName("mqtt-in-source").get(), s -> s != null);

        String uid = client.resource(cr).get().getMetadata().getUid();
        for (HasMetadata owned : List.of(deployment, configMap, service)) {
            // The mock server has no garbage collector: deleting the CR lets Kubernetes' GC remove exactly the
            // objects whose owner reference points at it, so the owner reference is what we check.
            assertThat(owned.getMetadata().getOwnerReferences()).as(owned.getKind())
                    .anySatisfy(ref -> {
                        assertThat(ref.getUid()).isEqualTo(uid);
                        assertThat(ref.getKind()).isEqualTo("DanubeSourceConnector");
                    });
        }
        assertThat(configMap.getData().get("connector.toml"))
                .contains("danube_service_url = \"http://danube-broker.danube:6650\"")
                .contains("connector_name = \"mqtt-in\"").contains("[mqtt]");
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("DANUBE_CONNECTOR");
            assertThat(e.getValue()).isEqualTo("source-mqtt");
        });
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");

        DanubeSourceConnector pending = awaitStatus(cr, s -> s.getStatus().getPhase() == ConnectorPhase.PENDING);
        assertThat(pending.getStatus().getObservedGeneration()).isEqualTo(pending.getMetadata().getGeneration());
        assertThat(pending.getStatus().getSelector())
                .isEqualTo("connect.danube-messaging.io/connector=mqtt-in,connect.danube-messaging.io/side=source");
        assertThat(pending.getStatus().getConfigHash()).isEqualTo(configHash(deployment));
        assertThat(condition(pending, Conditions.READY).getStatus()).isEqualTo("False");
        assertThat(condition(pending, Conditions.READY).getLastTransitionTime()).isNotBlank();

        client.resource(client.resource(cr).get()).delete();
        await().atMost(TIMEOUT).until(() -> client.resource(cr).get() == null);
    }

    @Test
    void readyDeploymentMakesTheConnectorReadyAndRunning() {
        DanubeSinkConnector cr = client.resource(sink("http-out", spec -> spec.setReplicas(2))).create();
        Deployment deployment = awaitDeployment("http-out-sink");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);

        setDeploymentStatus("http-out-sink", 2, 1);
        DanubeSinkConnector degraded = awaitStatus(cr, s -> s.getStatus().getPhase() == ConnectorPhase.DEGRADED);
        assertThat(condition(degraded, Conditions.READY).getStatus()).isEqualTo("False");
        assertThat(degraded.getStatus().getReadyReplicas()).isEqualTo(1);

        setDeploymentStatus("http-out-sink", 2, 2);
        DanubeSinkConnector running = awaitStatus(cr, s -> s.getStatus().getPhase() == ConnectorPhase.RUNNING);
        Condition ready = condition(running, Conditions.READY);
        assertThat(ready.getStatus()).isEqualTo("True");
        assertThat(ready.getReason()).isEqualTo("AllReplicasReady");
        assertThat(running.getStatus().getReplicas()).isEqualTo(2);
        assertThat(running.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(running.getStatus().getConnector()).isEqualTo("sink-http");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(eventReasons()).contains("Running", "Degraded"));
    }

    @Test
    void configChangeAndSecretChangeRollThePodsOfExactlyTheirUsersButATokenRotationRollsNothing() {
        client.resource(secret("danube-token", TOKEN_VALUE)).create();
        client.resource(secret("db-credentials", "p1")).create();
        client.resource(secret("other-token", "other")).create();
        DanubeSinkConnector user = client.resource(sink("uses-token", spec -> {
            withToken(spec);
            spec.setEnv(List.of(new EnvVarBuilder().withName("DB_PASSWORD").withNewValueFrom()
                    .withNewSecretKeyRef("token", "db-credentials", false).endValueFrom().build()));
        })).create();
        DanubeSinkConnector bystander = client.resource(sink("no-token", spec -> { })).create();
        Deployment rendered = awaitDeployment("uses-token-sink");
        String userHash = configHash(rendered);
        String bystanderHash = configHash(awaitDeployment("no-token-sink"));
        awaitStatus(user, s -> userHash.equals(s.getStatus().getConfigHash()));

        // The token reaches the pod as a file (a directory mount kubelet refreshes in place), never as a value.
        var container = rendered.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("DANUBE_TOKEN_FILE");
            assertThat(e.getValue()).isEqualTo("/etc/danube-connect/token/token");
        }).noneSatisfy(e -> assertThat(e.getName()).isEqualTo("DANUBE_TOKEN"));
        assertThat(container.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/etc/danube-connect/token");
            assertThat(m.getSubPath()).isNull();
        });

        // A config change renders a new connector.toml and a new pod-template hash.
        edit(user, spec -> spec.getConfig().put("http", Map.of("url", "https://changed.example.com")));
        String afterConfig = awaitHashChange("uses-token-sink", userHash);
        assertThat(client.configMaps().inNamespace(ns).withName("uses-token-sink-config").get().getData()
                .get("connector.toml")).contains("https://changed.example.com");

        // Every pod-template hash the Deployment takes from now on, in order.
        List<String> hashes = new CopyOnWriteArrayList<>();
        String afterPassword;
        try (Watch watch = client.apps().deployments().inNamespace(ns).withName("uses-token-sink")
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Deployment deployment) {
                        String hash = configHash(deployment);
                        if (hashes.isEmpty() || !hashes.get(hashes.size() - 1).equals(hash)) {
                            hashes.add(hash);
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                })) {
            // Rotating the token Secret first, then another Secret the connector uses: both events go through the
            // same informer in order, so when the second change has rolled the pods, a roll caused by the first
            // would have shown up as a hash in between.
            client.secrets().inNamespace(ns).withName("danube-token").edit(s -> secret("danube-token", "rotated"));
            client.secrets().inNamespace(ns).withName("db-credentials").edit(s -> secret("db-credentials", "p2"));
            afterPassword = awaitHashChange("uses-token-sink", afterConfig);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(hashes).contains(afterPassword));
            assertThat(hashes.stream().filter(h -> !h.equals(afterConfig)).toList())
                    .as("pod-template hashes after the token rotation and the password change")
                    .containsExactly(afterPassword);
        }
        // ... and an unreferenced Secret changes nothing. It changes first, then a Secret the user reads: both go
        // through the same informer in order, so once the user has re-rolled, the operator's Secret cache holds the
        // unreferenced change too. Then the bystander is made to reconcile with that cache (a replica change, which
        // is not part of the config hash), and only once it has can its hash tell whether an unreferenced Secret
        // counts.
        client.secrets().inNamespace(ns).withName("other-token").edit(s -> secret("other-token", "changed"));
        client.secrets().inNamespace(ns).withName("db-credentials").edit(s -> secret("db-credentials", "p3"));
        awaitHashChange("uses-token-sink", afterPassword);
        edit(bystander, spec -> spec.setReplicas(2));
        await().atMost(TIMEOUT).until(() -> deployment("no-token-sink").getSpec().getReplicas() == 2);
        awaitStatus(bystander, s -> s.getStatus().getObservedGeneration() != null
                && s.getStatus().getObservedGeneration().equals(s.getMetadata().getGeneration()));
        assertThat(configHash(deployment("no-token-sink"))).isEqualTo(bystanderHash);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(eventReasons()).contains("ConfigChanged"));
    }

    @Test
    void whyThePodsDoNotStartShowsInTheStatusAndInEvents() {
        DanubeSinkConnector cr = client.resource(sink("stuck", spec -> { })).create();
        awaitDeployment("stuck-sink");

        // Playing the Deployment controller: Pod Security admission refused the pods.
        setDeploymentConditions("stuck-sink", new DeploymentConditionBuilder().withType("ReplicaFailure")
                .withStatus("True").withReason("FailedCreate").withMessage("pods \"stuck-sink-5d8f-x\" is "
                        + "forbidden: violates PodSecurity \"restricted:latest\": runAsNonRoot != true").build());
        assertBlocked(cr, ConnectorPhase.FAILED, "PodSecurityRejected", "violates PodSecurity");

        // Playing the kubelet: a pod exists now but its image cannot be pulled; then the refusal is over.
        // (The steps avoid an A -> B -> A change of the phase: with SSA off, as on the mock server, JOSDK patches the
        // status with a JSON diff against its cached copy, and a cache one write behind would drop the phase.)
        Pod pod = connectorPod("stuck-sink-5d8f-a", "stuck", "sink", new PodStatusBuilder().withPhase("Pending")
                .addNewContainerStatus().withName("connector").withImage("registry.example.com/private:1")
                .withRestartCount(0).withReady(false).withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"registry.example.com/private:1\"").endWaiting().endState()
                .endContainerStatus().build());
        setDeploymentConditions("stuck-sink");
        assertBlocked(cr, ConnectorPhase.FAILED, "ImagePullBackOff",
                "cannot pull image 'registry.example.com/private:1'");

        // Playing the scheduler: no node fits; a node may still be added, so Pending.
        client.resource(pod).withGracePeriod(0).delete();
        connectorPod("stuck-sink-5d8f-b", "stuck", "sink", new PodStatusBuilder().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient memory.").endCondition().build());
        assertBlocked(cr, ConnectorPhase.PENDING, "Unschedulable", "3 Insufficient memory");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(eventReasons())
                .contains("PodSecurityRejected", "ImagePullBackOff", "Unschedulable"));
        assertThat(events("Unschedulable")).allSatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).contains("cannot be scheduled");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("stuck");
        });
    }

    @Test
    void schemaAndEnvFromConfigMapsArePrecheckedAndTheirChangesRollThePods() {
        DanubeSinkConnector cr = client.resource(sink("with-schema", spec -> {
            SchemaSpec schema = new SchemaSpec();
            schema.setTopic("/iot/temperature");
            schema.setSubject("iot-temperature");
            schema.setSchemaType(SchemaType.JSON_SCHEMA);
            ConfigMapKeyReference ref = new ConfigMapKeyReference();
            ref.setName("temperature-schema");
            ref.setKey("schema.json");
            schema.setSchemaConfigMapRef(ref);
            spec.setSchemas(List.of(schema));
            spec.setEnvFrom(List.of(new EnvFromSourceBuilder().withNewConfigMapRef("sink-settings", false).build()));
        })).create();
        assertInvalid(cr, "ConfigMapNotFound", "ConfigMap 'temperature-schema' referenced by "
                + "spec.schemas[/iot/temperature].schemaConfigMapRef does not exist");
        assertThat(deployment("with-schema-sink")).isNull();

        client.resource(configMap("temperature-schema", "schema.json", "{\"type\":\"object\"}")).create();
        assertInvalid(cr, "ConfigMapNotFound", "ConfigMap 'sink-settings' referenced by spec.envFrom[0].configMapRef");
        client.resource(configMap("sink-settings", "MODE", "a")).create();
        String first = configHash(awaitDeployment("with-schema-sink"));
        awaitStatus(cr, s -> "True".equals(condition(s, Conditions.SPEC_VALID).getStatus()));

        client.configMaps().inNamespace(ns).withName("temperature-schema")
                .edit(c -> configMap("temperature-schema", "schema.json", "{\"type\":\"array\"}"));
        String afterSchema = awaitHashChange("with-schema-sink", first);
        client.configMaps().inNamespace(ns).withName("sink-settings").edit(c -> configMap("sink-settings", "MODE", "b"));
        awaitHashChange("with-schema-sink", afterSchema);
    }

    @Test
    void pauseScalesToZeroAndKeepsEverythingElseResumeAndScaleRestore() {
        DanubeSourceConnector cr = client.resource(source("pausable", spec -> { })).create();
        awaitDeployment("pausable-source");

        edit(cr, spec -> spec.setState(ConnectorState.PAUSED));
        await().atMost(TIMEOUT).until(() -> deployment("pausable-source").getSpec().getReplicas() == 0);
        setDeploymentStatus("pausable-source", 0, 0);
        DanubeSourceConnector paused = awaitStatus(cr, s -> s.getStatus().getPhase() == ConnectorPhase.PAUSED);
        assertThat(condition(paused, Conditions.READY).getReason()).isEqualTo("Paused");
        assertThat(client.configMaps().inNamespace(ns).withName("pausable-source-config").get()).isNotNull();
        assertThat(client.services().inNamespace(ns).withName("pausable-source").get()).isNotNull();

        edit(cr, spec -> spec.setState(ConnectorState.RUNNING));
        await().atMost(TIMEOUT).until(() -> deployment("pausable-source").getSpec().getReplicas() == 1);

        // Scale (what kubectl scale / an HPA do through the scale subresource: change spec.replicas).
        edit(cr, spec -> spec.setReplicas(3));
        await().atMost(TIMEOUT).until(() -> deployment("pausable-source").getSpec().getReplicas() == 3);
        assertThat(deployment("pausable-source").getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    }

    @Test
    void restartNonceRollsThePods() {
        DanubeSinkConnector cr = client.resource(sink("restartable", spec -> { })).create();
        awaitDeployment("restartable-sink");
        edit(cr, spec -> spec.setRestartNonce("1"));
        await().atMost(TIMEOUT).until(() -> "1".equals(deployment("restartable-sink").getSpec().getTemplate()
                .getMetadata().getAnnotations().get("connect.danube-messaging.io/restart-nonce")));
        edit(cr, spec -> spec.setRestartNonce("2"));
        await().atMost(TIMEOUT).until(() -> "2".equals(deployment("restartable-sink").getSpec().getTemplate()
                .getMetadata().getAnnotations().get("connect.danube-messaging.io/restart-nonce")));
    }

    @Test
    void terminationMessageOfACrashingPodAppearsInTheStatus() {
        DanubeSourceConnector cr = client.resource(source("crashy", spec -> { })).create();
        awaitDeployment("crashy-source");
        setDeploymentStatus("crashy-source", 1, 0);
        // Playing the kubelet: a connector pod whose container exited with the runtime's termination message and
        // is now in CrashLoopBackOff.
        Pod pod = new PodBuilder()
                .withNewMetadata().withName("crashy-source-7d9f-abcde").withNamespace(ns)
                    .withLabels(Map.of("app.kubernetes.io/managed-by", "danube-connect-operator",
                            "connect.danube-messaging.io/connector", "crashy",
                            "connect.danube-messaging.io/side", "source"))
                .endMetadata()
                .withNewSpec().addNewContainer().withName("connector").withImage("runtime").endContainer().endSpec()
                .withNewStatus().withPhase("Running").addNewContainerStatus()
                    .withName("connector").withRestartCount(4).withReady(false)
                    .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                    .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                        .withMessage("Fatal: cannot connect to MQTT broker mosquitto.iot:1883 (connection refused)")
                        .withFinishedAt("2026-11-26T10:00:00Z").endTerminated().endLastState()
                .endContainerStatus().endStatus()
                .build();
        client.resource(pod).create();
        if (client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).get().getStatus() == null) {
            client.pods().inNamespace(ns).resource(pod).updateStatus();
        }

        DanubeSourceConnector failed = awaitStatus(cr, s -> s.getStatus().getLastFailure() != null);
        assertThat(failed.getStatus().getPhase()).isEqualTo(ConnectorPhase.FAILED);
        assertThat(failed.getStatus().getLastFailure().getMessage()).contains("cannot connect to MQTT broker");
        assertThat(failed.getStatus().getLastFailure().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(failed.getStatus().getLastFailure().getExitCode()).isEqualTo(1);
        assertThat(failed.getStatus().getLastFailure().getRestartCount()).isEqualTo(4);
        assertThat(failed.getStatus().getRestartCount()).isEqualTo(4);
        assertThat(condition(failed, Conditions.READY).getMessage()).contains("cannot connect to MQTT broker");
    }

    @Test
    void badSpecsBecomeConditionsStartNothingAndLeaveOtherConnectorsAlone() {
        DanubeSourceConnector coreKey = client.resource(source("core-key", spec -> spec.getConfig()
                .put("connector_name", "x"))).create();
        DanubeSourceConnector unknown = client.resource(source("unknown", spec -> spec.setConnector("ftp")))
                .create();
        DanubeSinkConnector missingSecret = client.resource(sink("missing-secret", this::withToken)).create();
        DanubeSinkConnector healthy = client.resource(sink("healthy", spec -> { })).create();

        assertInvalid(coreKey, "CoreKeyInConfig", "move it to spec.connectorName");
        assertInvalid(unknown, "UnknownConnector", "not a built-in source connector");
        assertInvalid(missingSecret, "SecretNotFound", "Secret 'danube-token' referenced by "
                + "spec.danube.tokenSecretRef does not exist");
        awaitDeployment("healthy-sink");
        for (String name : List.of("core-key-source", "unknown-source", "missing-secret-sink")) {
            assertThat(client.apps().deployments().inNamespace(ns).withName(name).get()).as(name).isNull();
        }
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(eventReasons()).contains("SecretNotFound"));

        // Creating the missing Secret is enough: the Secret index maps it to the connector that names it.
        client.resource(secret("danube-token", TOKEN_VALUE)).create();
        awaitDeployment("missing-secret-sink");
        awaitStatus(missingSecret, s -> "True".equals(condition(s, Conditions.SPEC_VALID).getStatus()));
    }

    @Test
    void noSecretValueInConfigMapsStatusOrEvents() {
        client.resource(secret("danube-token", TOKEN_VALUE)).create();
        DanubeSinkConnector cr = client.resource(sink("secretive", this::withToken)).create();
        awaitDeployment("secretive-sink");
        awaitStatus(cr, s -> s.getStatus().getConfigHash() != null);
        String everything = Serialization.asYaml(client.configMaps().inNamespace(ns).list())
                + Serialization.asYaml(client.resource(cr).get())
                + Serialization.asYaml(client.v1().events().inNamespace(ns).list())
                + Serialization.asYaml(client.apps().deployments().inNamespace(ns).list());
        assertThat(everything).doesNotContain(TOKEN_VALUE)
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(TOKEN_VALUE.getBytes()));
    }

    @Test
    void metricsAndHealthEndpointsAnswer() throws Exception {
        client.resource(sink("metered", spec -> { })).create();
        awaitDeployment("metered-sink");
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get(http, "/q/metrics"))
                .contains("reconciliations_success_total"));
        assertThat(get(http, "/q/health/live")).contains("UP");
        assertThat(get(http, "/q/health/ready")).contains("UP");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private String get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private void assertInvalid(DanubeConnector cr, String reason, String messagePart) {
        DanubeConnector invalid = awaitStatus(cr, s -> s.getStatus().getConditions() != null
                && condition(s, Conditions.SPEC_VALID) != null
                && "False".equals(condition(s, Conditions.SPEC_VALID).getStatus()));
        Condition specValid = condition(invalid, Conditions.SPEC_VALID);
        assertThat(specValid.getReason()).isEqualTo(reason);
        assertThat(specValid.getMessage()).contains(messagePart);
        assertThat(invalid.getStatus().getPhase()).isEqualTo(ConnectorPhase.FAILED);
        assertThat(condition(invalid, Conditions.READY).getStatus()).isEqualTo("False");
    }

    private List<String> eventReasons() {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .map(io.fabric8.kubernetes.api.model.Event::getReason).toList();
    }

    private Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(ns).withName(name).get();
    }

    private Deployment awaitDeployment(String name) {
        return await().atMost(TIMEOUT).until(() -> deployment(name), d -> d != null);
    }

    private String awaitHashChange(String deploymentName, String previousHash) {
        return await().atMost(TIMEOUT).until(() -> configHash(deployment(deploymentName)),
                hash -> !hash.equals(previousHash));
    }

    private static String configHash(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations()
                .get("connect.danube-messaging.io/config-hash");
    }

    private void assertBlocked(DanubeConnector cr, ConnectorPhase phase, String reason, String messagePart) {
        DanubeConnector blocked = awaitStatus(cr, s -> condition(s, Conditions.READY) != null
                && reason.equals(condition(s, Conditions.READY).getReason()));
        assertThat(blocked.getStatus().getPhase()).as("%s: %s", reason, Serialization.asYaml(blocked.getStatus()))
                .isEqualTo(phase);
        assertThat(condition(blocked, Conditions.READY).getStatus()).isEqualTo("False");
        assertThat(condition(blocked, Conditions.READY).getMessage()).contains(messagePart);
    }

    private List<io.fabric8.kubernetes.api.model.Event> events(String reason) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).toList();
    }

    /** Plays the kubelet: a connector pod with the given status. */
    private Pod connectorPod(String name, String connector, String side, PodStatus status) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(ns)
                    .withLabels(Map.of("app.kubernetes.io/managed-by", "danube-connect-operator",
                            "connect.danube-messaging.io/connector", connector,
                            "connect.danube-messaging.io/side", side))
                .endMetadata()
                .withNewSpec().addNewContainer().withName("connector").withImage("runtime").endContainer().endSpec()
                .withStatus(status)
                .build();
        client.resource(pod).create();
        if (client.pods().inNamespace(ns).withName(name).get().getStatus() == null) {
            client.pods().inNamespace(ns).resource(pod).updateStatus();
        }
        return pod;
    }

    /** Plays the Deployment controller: no ready pod, and the given conditions (none clears them). */
    private void setDeploymentConditions(String name, DeploymentCondition... conditions) {
        client.apps().deployments().inNamespace(ns).withName(name).editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(1).withUpdatedReplicas(1).withReadyReplicas(0).withAvailableReplicas(0)
                    .withConditions(conditions).build());
            return d;
        });
    }

    /** Plays the Deployment controller: reports replicas / ready replicas for the current generation. */
    private void setDeploymentStatus(String name, int replicas, int ready) {
        client.apps().deployments().inNamespace(ns).withName(name).editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(ready)
                    .withAvailableReplicas(ready).build());
            return d;
        });
    }

    @SuppressWarnings("unchecked")
    private <T extends DanubeConnector> T awaitStatus(T cr, java.util.function.Predicate<T> condition) {
        return await().atMost(TIMEOUT).until(() -> (T) client.resource(cr).get(),
                c -> c != null && c.getStatus() != null && condition.test(c));
    }

    /** Edits the spec like a user would; retried on 409 because the operator may write the status meanwhile. */
    private <T extends DanubeConnector> void edit(T cr, Consumer<ConnectorSpec> change) {
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
            client.resource(client.resource(cr).get()).edit(c -> {
                change.accept(c.getSpec());
                return c;
            });
            return true;
        });
    }

    private static Condition condition(DanubeConnector cr, String type) {
        return Conditions.find(cr.getStatus().getConditions(), type);
    }

    private void withToken(ConnectorSpec spec) {
        SecretKeyReference token = new SecretKeyReference();
        token.setName("danube-token");
        token.setKey("token");
        spec.getDanube().setTokenSecretRef(token);
        spec.setLogFormat(LogFormat.JSON);
    }

    private ConfigMap configMap(String name, String key, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withData(Map.of(key, value)).build();
    }

    private Secret secret(String name, String token) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withData(Map.of("token", java.util.Base64.getEncoder().encodeToString(token.getBytes())))
                .build();
    }

    private DanubeSourceConnector source(String name, Consumer<ConnectorSpec> customize) {
        DanubeSourceConnector cr = new DanubeSourceConnector();
        cr.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(ns)
                .build());
        cr.setSpec(spec("mqtt", Map.of("mqtt", Map.of("broker_host", "mosquitto.iot", "broker_port", 1883))));
        customize.accept(cr.getSpec());
        return cr;
    }

    private DanubeSinkConnector sink(String name, Consumer<ConnectorSpec> customize) {
        DanubeSinkConnector cr = new DanubeSinkConnector();
        cr.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(ns)
                .build());
        cr.setSpec(spec("http", Map.of("http", Map.of("url", "https://ingest.example.com"))));
        customize.accept(cr.getSpec());
        return cr;
    }

    private static ConnectorSpec spec(String connector, Map<String, Object> config) {
        ConnectorSpec spec = new ConnectorSpec();
        spec.setConnector(connector);
        DanubeConnection danube = new DanubeConnection();
        danube.setServiceUrl("http://danube-broker.danube:6650");
        spec.setDanube(danube);
        spec.setConfig(new java.util.LinkedHashMap<>(config));
        return spec;
    }
}
