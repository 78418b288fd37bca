package com.danubemessaging.connect.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.danubemessaging.connect.operator.TestFiles;
import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.reconciler.DanubeSinkConnectorReconciler;
import com.danubemessaging.connect.operator.reconciler.DanubeSourceConnectorReconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.SSABasedGenericKubernetesResourceMatcher;

/**
 * Production applies the dependents with server-side apply, and JOSDK decides whether to apply again with its SSA
 * matcher: it keeps, of the object the API server returns, only the fields our field manager owns and compares them
 * with the desired object. If any rendered field came back different (a default filled in, a value normalized), every
 * reconciliation would apply again, forever. The mock API server has no SSA, so this test builds the stored object
 * as the API server does ({@link ApiServerApply}) for every golden desired object and runs the real matcher on it.
 */
class SsaMatcherTest {

    private static final Path GOLDEN = TestFiles.repoRoot().resolve("operator/src/test/resources/DerivedResourcesTest");

    @Test
    void everyGoldenDesiredObjectMatchesWhatTheApiServerStoresForIt() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Golden golden : goldens()) {
            HasMetadata desired = golden.desired();
            HasMetadata actual = ApiServerApply.apply(golden.desired(), golden.fieldManager());
            assertThat(matches(actual, golden.desired(), golden.fieldManager()))
                    .as("%s: the SSA matcher must accept what the API server stored (else: an apply on every"
                            + " reconciliation)", golden.file())
                    .isTrue();
            checked.add(golden.file().getParent().getFileName() + "/" + desired.getKind());
        }
        assertThat(checked).as("golden desired objects").hasSizeGreaterThanOrEqualTo(9)
                .anyMatch(c -> c.endsWith("Deployment")).anyMatch(c -> c.endsWith("Service"))
                .anyMatch(c -> c.endsWith("ConfigMap"));
    }

    @Test
    void aKubectlScaleOfTheDeploymentAloneIsNotAMatchSoTheOperatorAppliesTheCrsReplicasAgain() throws Exception {
        Golden golden = goldens().stream().filter(g -> g.desired() instanceof Deployment).findFirst().orElseThrow();
        Deployment desired = (Deployment) golden.desired();
        Deployment actual = ApiServerApply.apply(desired, golden.fieldManager());
        assertThat(matches(actual, golden.desired(), golden.fieldManager())).isTrue();

        // kubectl scale deployment --replicas=5: an Update through the scale subresource by manager "kubectl",
        // which takes spec.replicas over from our Apply entry (the API server moves the field's ownership).
        actual.getSpec().setReplicas(desired.getSpec().getReplicas() + 4);
        ManagedFieldsEntry ours = actual.getMetadata().getManagedFields().get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) ours.getFieldsV1().getAdditionalProperties().get("f:spec");
        assertThat(spec.remove("f:replicas")).as("our manager owned spec.replicas").isNotNull();
        actual.getMetadata().getManagedFields().add(Serialization.unmarshal("""
                {"manager":"kubectl","operation":"Update","apiVersion":"apps/v1","subresource":"scale",
                 "fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}}}""", ManagedFieldsEntry.class));

        assertThat(matches(actual, golden.desired(), golden.fieldManager()))
                .as("a Deployment scaled behind the operator's back").isFalse();
    }

    @Test
    void aChangeToAFieldTheOperatorOwnsIsNotAMatch() throws Exception {
        for (Golden golden : goldens().stream().filter(g -> g.desired() instanceof Deployment).toList()) {
            Deployment actual = ApiServerApply.apply((Deployment) golden.desired(), golden.fieldManager());
            actual.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("registry.example.com/other:1");
            assertThat(matches(actual, golden.desired(), golden.fieldManager())).as(golden.file().toString())
                    .isFalse();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    record Golden(Path file, String fieldManager, String yaml, DanubeConnector owner) {
        /** A fresh desired object, with the owner reference JOSDK adds before it matches (addMetadata). */
        HasMetadata desired() {
            HasMetadata desired = Serialization.unmarshal(yaml);
            desired.addOwnerReference(owner);
            return desired;
        }
    }

    private static List<Golden> goldens() throws Exception {
        List<Golden> goldens = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            for (Path dir : dirs.sorted().toList()) {
                Path crFile = dir.resolve("in-connector.yaml");
                if (!Files.exists(crFile)) {
                    continue;
                }
                DanubeConnector owner = TestFiles.connector(crFile, "connectors");
                owner.getMetadata().setUid("0d4c5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f");
                String manager = owner.getKind().equals("DanubeSourceConnector") ? DanubeSourceConnectorReconciler.NAME
                        : DanubeSinkConnectorReconciler.NAME;
                for (String kind : List.of("Deployment", "Service", "ConfigMap")) {
                    Path out = dir.resolve("out-" + kind + ".yaml");
                    if (Files.exists(out)) {
                        goldens.add(new Golden(out, manager, Files.readString(out), owner));
                    }
                }
            }
        }
        return goldens;
    }

    /** JOSDK's matcher with the two things it reads from the context: the field manager and the serialization. */
    @SuppressWarnings("unchecked")
    private static boolean matches(HasMetadata actual, HasMetadata desired, String fieldManager) {
        var configuration = (ControllerConfiguration<?>) Proxy.newProxyInstance(SsaMatcherTest.class.getClassLoader(),
                new Class<?>[] { ControllerConfiguration.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "fieldManager", "getName" -> fieldManager;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        KubernetesSerialization serialization = new KubernetesSerialization();
        var client = (KubernetesClient) Proxy.newProxyInstance(SsaMatcherTest.class.getClassLoader(),
                new Class<?>[] { KubernetesClient.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getKubernetesSerialization" -> serialization;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        var context = (Context<?>) Proxy.newProxyInstance(SsaMatcherTest.class.getClassLoader(),
                new Class<?>[] { Context.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getControllerConfiguration" -> configuration;
                    case "getClient" -> client;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return SSABasedGenericKubernetesResourceMatcher.<HasMetadata>getInstance().matches(actual, desired, context);
    }
}
