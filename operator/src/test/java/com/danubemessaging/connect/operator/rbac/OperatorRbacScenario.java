package com.danubemessaging.connect.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.danubemessaging.connect.operator.TestFiles;
import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.model.ConnectorState;
import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.reconciler.DanubeSinkConnectorReconciler;
import com.danubemessaging.connect.operator.reconciler.DanubeSourceConnectorReconciler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;

/**
 * What a user and the cluster do to the operator in its first minutes, driven against the fabric8 mock API server
 * while it records every request: every example CR of {@code examples/} is applied with its Secrets and ConfigMaps,
 * the referenced Secrets are rotated, a connector is scaled, its Deployment alone is scaled behind the operator's back
 * (as {@code kubectl scale deployment} would), the connector is paused and resumed, and leader election renews its
 * Lease at least twice. Subclasses run it with the operator configured as the chart configures it for one watch
 * mode and check each recorded call against the rules {@code helm template} renders for that mode.
 */
abstract class OperatorRbacScenario {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final String LEASE_NAME = "danube-connect-operator";
    private static final String CONFIG_HASH = "connect.danube-messaging.io/config-hash";

    /** The operator as the chart runs it: leader election on, Lease in the release namespace, production list. */
    public static class ChartSettings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("danube.operator.leader-election.enabled", "true");
            config.put("danube.operator.leader-election.lease-name", LEASE_NAME);
            config.put("pod.namespace", ChartRbac.RELEASE_NAMESPACE);
            // Production neither applies nor reads CRDs (the chart installs them); the setup creates them instead.
            config.put("quarkus.operator-sdk.crd.apply", "false");
            config.put("danube.operator.builtin-connectors", productionBuiltins());
            return config;
        }
    }

    /**
     * Prepares the mock server before the operator starts, as the chart's install leaves a cluster: the CRDs, the
     * namespaces, and the API server's answer to a SelfSubjectRulesReview (JOSDK checks its Lease permissions with
     * one at start), computed from the chart's rendered rules.
     */
    abstract static class ClusterSetup implements Consumer<KubernetesServer> {

        abstract ChartRbac chart();

        abstract List<String> workloadNamespaces();

        @Override
        public void accept(KubernetesServer server) {
            ChartRbac chart = chart();
            try (KubernetesClient driver = RecordedCalls.driver(server.getClient().getMasterUrl().toString())) {
                for (String kind : List.of("danubesourceconnectors", "danubesinkconnectors")) {
                    try (InputStream crd = Files.newInputStream(TestFiles.repoRoot().resolve("crds")
                            .resolve(kind + ".connect.danube-messaging.io-v1.yml"))) {
                        driver.load(crd).create();
                    }
                }
                for (String ns : Stream.concat(Stream.of(ChartRbac.RELEASE_NAMESPACE),
                        workloadNamespaces().stream()).toList()) {
                    driver.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                            .build()).create();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.getKubernetesMockServer().expect().post()
                    .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                    .andReply(201, request -> {
                        SelfSubjectRulesReview review = Serialization.unmarshal(request.getBody().readUtf8(),
                                SelfSubjectRulesReview.class);
                        Map<String, Object> status = Map.of("incomplete", false, "nonResourceRules", List.of(),
                                "resourceRules", chart.rulesIn(review.getSpec().getNamespace()).stream()
                                        .filter(r -> r.nonResourceURLs().isEmpty())
                                        .map(ChartRbac.Rule::asResourceRule).toList());
                        Map<String, Object> answer = new HashMap<>(Serialization.unmarshal(
                                Serialization.asJson(review), Map.class));
                        answer.put("status", status);
                        return answer;
                    }).always();
        }
    }

    /** Runs the scenario in {@code namespace} and returns what the operator sent. */
    static RecordedCalls drive(KubernetesServer server, String namespace) {
        RecordedCalls recorded = new RecordedCalls(server.getKubernetesMockServer());
        try (KubernetesClient driver = RecordedCalls.driver(server.getClient().getMasterUrl().toString())) {
            List<GenericKubernetesResource> connectors = applyExamples(driver, namespace);
            assertThat(connectors).as("connector CRs in examples/").hasSizeGreaterThanOrEqualTo(5);
            for (GenericKubernetesResource cr : connectors) {
                await().atMost(TIMEOUT).alias("status of " + cr.getKind() + " " + cr.getMetadata().getName())
                        .until(() -> reconciled(driver, cr));
            }
            List<Deployment> deployments = driver.apps().deployments().inNamespace(namespace).list().getItems();
            assertThat(deployments).as("Deployments rendered from the examples").isNotEmpty();

            // Rotating the examples' Secrets re-rolls the connectors that read them at start (their config hash
            // changes; the Danube token alone is re-read from its file and rolls nothing).
            Map<String, String> hashes = new HashMap<>();
            deployments.forEach(d -> hashes.put(d.getMetadata().getName(), configHash(d)));
            for (var secret : driver.secrets().inNamespace(namespace).list().getItems()) {
                driver.secrets().inNamespace(namespace).withName(secret.getMetadata().getName()).edit(s -> {
                    Map<String, String> rotated = new HashMap<>();
                    if (s.getData() != null) {
                        s.getData().keySet().forEach(k -> rotated.put(k,
                                Base64.getEncoder().encodeToString(("rotated-" + k).getBytes())));
                    }
                    if (s.getStringData() != null) {
                        s.getStringData().keySet().forEach(k -> rotated.put(k,
                                Base64.getEncoder().encodeToString(("rotated-" + k).getBytes())));
                    }
                    s.setData(rotated);
                    s.setStringData(null);
                    return s;
                });
            }
            await().atMost(TIMEOUT).alias("a config hash change after the Secret rotation").until(() -> driver.apps()
                    .deployments().inNamespace(namespace).list().getItems().stream()
                    .anyMatch(d -> !configHash(d).equals(hashes.get(d.getMetadata().getName()))));

            GenericKubernetesResource scaled = connectors.stream().filter(cr -> deployments.stream().anyMatch(
                    d -> d.getMetadata().getName().startsWith(cr.getMetadata().getName() + "-"))).findFirst()
                    .orElseThrow();
            String deploymentName = deployments.stream().map(d -> d.getMetadata().getName())
                    .filter(n -> n.startsWith(scaled.getMetadata().getName() + "-")).findFirst().orElseThrow();
            editSpec(driver, scaled, spec -> spec.setReplicas(3));
            awaitReplicas(driver, namespace, deploymentName, 3);
            // `kubectl scale deployment` behind the operator's back: the CR's replicas win again.
            driver.apps().deployments().inNamespace(namespace).withName(deploymentName).scale(7);
            awaitReplicas(driver, namespace, deploymentName, 3);
            editSpec(driver, scaled, spec -> spec.setState(ConnectorState.PAUSED));
            awaitReplicas(driver, namespace, deploymentName, 0);
            editSpec(driver, scaled, spec -> spec.setState(ConnectorState.RUNNING));
            awaitReplicas(driver, namespace, deploymentName, 3);

            await().atMost(TIMEOUT).alias("two Lease renewals").until(() -> recorded.operatorCalls().stream()
                    .filter(c -> isLeaseRenewal(c)).count() >= 2);
        }
        return recorded;
    }

    static boolean isLeaseRenewal(ApiCall call) {
        return call.group().equals("coordination.k8s.io") && call.resource().equals("leases")
                && call.name().equals(LEASE_NAME) && call.verb().equals("patch");
    }

    /**
     * The verbs a recorded call needs in production. The mock server has no server-side apply, so the tests run
     * with SSA off and the dependents create (POST) and update (PUT); with SSA on, as in production, the same writes
     * are PATCHes (an apply that creates the object needs create as well). Each create or update of a dependent's
     * kind therefore also needs patch.
     */
    static List<ApiCall> productionEquivalents(ApiCall call) {
        List<ApiCall> needed = new ArrayList<>(List.of(call));
        boolean dependentWrite = (call.verb().equals("create") || call.verb().equals("update"))
                && call.subresource().isEmpty() && dependentKinds().contains(call.group() + "/" + call.resource());
        if (dependentWrite) {
            needed.add(call.withVerb("patch"));
        }
        return needed;
    }

    /** "group/plural" of every kind the reconcilers' workflows manage as dependents. */
    static Set<String> dependentKinds() {
        Set<String> kinds = new TreeSet<>();
        for (Class<?> reconciler : List.of(DanubeSourceConnectorReconciler.class,
                DanubeSinkConnectorReconciler.class)) {
            for (Dependent dependent : reconciler.getAnnotation(Workflow.class).dependents()) {
                try {
                    var instance = (KubernetesDependentResource<?, ?>) dependent.type().getDeclaredConstructor()
                            .newInstance();
                    Class<? extends HasMetadata> type = instance.resourceType();
                    kinds.add(HasMetadata.getGroup(type) + "/" + HasMetadata.getPlural(type));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot instantiate " + dependent.type(), e);
                }
            }
        }
        return kinds;
    }

    /** The calls no rule of the chart grants, each with the request that needed it. */
    static Set<String> ungranted(List<ApiCall> calls, ChartRbac chart) {
        Set<String> missing = new LinkedHashSet<>();
        for (ApiCall call : calls) {
            for (ApiCall needed : productionEquivalents(call)) {
                if (!chart.allows(needed)) {
                    missing.add(needed + (needed.equals(call) ? "" : " (production's SSA form of: " + call + ")"));
                }
            }
        }
        return missing;
    }

    private static List<GenericKubernetesResource> applyExamples(KubernetesClient driver, String namespace) {
        List<GenericKubernetesResource> connectors = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestFiles.repoRoot().resolve("examples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode doc : TestFiles.documents(file)) {
                    String kind = doc.path("kind").asText();
                    boolean connector = TestFiles.isConnector(doc);
                    // What a user applies for the connectors; other workloads (the test broker) are not the operator's.
                    if (!connector && !kind.equals("Secret") && !kind.equals("ConfigMap")) {
                        continue;
                    }
                    ((ObjectNode) doc.path("metadata")).put("namespace", namespace);
                    GenericKubernetesResource resource = Serialization.unmarshal(doc.toString(),
                            GenericKubernetesResource.class);
                    if (driver.resource(resource).get() != null) {
                        continue; // the same Secret shipped in two example files
                    }
                    GenericKubernetesResource created = driver.resource(resource).create();
                    if (connector) {
                        connectors.add(created);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return connectors;
    }

    private static boolean reconciled(KubernetesClient driver, GenericKubernetesResource cr) {
        GenericKubernetesResource current = driver.resource(cr).get();
        Object status = current.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> map) || map.get("observedGeneration") == null) {
            return false;
        }
        return ((Number) map.get("observedGeneration")).longValue() == current.getMetadata().getGeneration();
    }

    private static void editSpec(KubernetesClient driver, GenericKubernetesResource cr, Consumer<ConnectorSpec> edit) {
        Class<? extends DanubeConnector> type = cr.getKind().equals("DanubeSourceConnector")
                ? com.danubemessaging.connect.operator.model.DanubeSourceConnector.class
                : com.danubemessaging.connect.operator.model.DanubeSinkConnector.class;
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
            driver.resources(type).inNamespace(cr.getMetadata().getNamespace()).withName(cr.getMetadata().getName())
                    .edit(c -> {
                        edit.accept(c.getSpec());
                        return c;
                    });
            return true;
        });
    }

    private static void awaitReplicas(KubernetesClient driver, String namespace, String name, int replicas) {
        await().atMost(TIMEOUT).alias(name + " replicas " + replicas).until(() -> driver.apps().deployments()
                .inNamespace(namespace).withName(name).get().getSpec().getReplicas() == replicas);
    }

    private static String configHash(Deployment deployment) {
        Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        return annotations == null ? "" : annotations.getOrDefault(CONFIG_HASH, "");
    }

    /** The built-in list production uses (the filtered application.properties, without the test profile's). */
    static String productionBuiltins() {
        Properties properties = new Properties();
        try (InputStream in = OperatorRbacScenario.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String list = properties.getProperty("danube.operator.builtin-connectors");
        if (list == null || list.contains("@")) {
            throw new IllegalStateException("application.properties has no filtered built-in list: " + list);
        }
        return list;
    }
}
