package com.danubemessaging.connect.e2e.kubelet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * What the Deployment and ReplicaSet controllers (and the scheduler) do for the Deployments of one namespace, with
 * pods instead of ReplicaSet objects: pods of the current template carry its {@code pod-template-hash}; Recreate
 * deletes every old pod and creates the new ones once they are gone; RollingUpdate creates new pods up to
 * replicas + maxSurge and deletes old ones only while replicas - maxUnavailable pods stay ready (deployment
 * controller rolling.go); a scale changes the count of current pods. Then it writes the Deployment's status
 * (observedGeneration, replicas, updatedReplicas, readyReplicas, availableReplicas, unavailableReplicas and the
 * Available/Progressing conditions) from the pods' Ready conditions, which the kubelet sets.
 */
public final class SimulatedDeploymentController {
    public static final String TEMPLATE_HASH_LABEL = "pod-template-hash";

    private final KubernetesClient client;
    private final String namespace;
    private final Consumer<String> events;

    public SimulatedDeploymentController(KubernetesClient client, String namespace, Consumer<String> events) {
        this.client = client;
        this.namespace = namespace;
        this.events = events;
    }

    /** One pass over every Deployment of the namespace. */
    public synchronized void sync() {
        List<Pod> allPods = client.pods().inNamespace(namespace).list().getItems();
        for (Deployment deployment : client.apps().deployments().inNamespace(namespace).list().getItems()) {
            sync(deployment, allPods);
        }
    }

    private void sync(Deployment deployment, List<Pod> allPods) {
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
        String hash = templateHash(deployment);
        List<Pod> pods = allPods.stream().filter(p -> matches(p, selector)).toList();
        List<Pod> live = pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        List<Pod> current = live.stream().filter(p -> hash.equals(label(p, TEMPLATE_HASH_LABEL))).toList();
        List<Pod> old = live.stream().filter(p -> !hash.equals(label(p, TEMPLATE_HASH_LABEL))).toList();
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        boolean paused = Boolean.TRUE.equals(deployment.getSpec().getPaused());
        String type = deployment.getSpec().getStrategy() == null || deployment.getSpec().getStrategy().getType() == null
                ? "RollingUpdate" : deployment.getSpec().getStrategy().getType();
        if (!paused) {
            if ("Recreate".equals(type)) {
                if (!old.isEmpty()) {
                    old.forEach(p -> delete(p, "Recreate: old template"));
                } else if (pods.stream().noneMatch(p -> !hash.equals(label(p, TEMPLATE_HASH_LABEL)))) {
                    scale(deployment, hash, current, desired);
                }
            } else {
                rollingUpdate(deployment, hash, current, old, desired);
            }
        }
        writeStatus(deployment, hash, desired);
    }

    private void rollingUpdate(Deployment deployment, String hash, List<Pod> current, List<Pod> old, int desired) {
        var rolling = deployment.getSpec().getStrategy() == null ? null
                : deployment.getSpec().getStrategy().getRollingUpdate();
        int maxSurge = resolve(rolling == null ? null : rolling.getMaxSurge(), desired, true, "25%");
        int maxUnavailable = resolve(rolling == null ? null : rolling.getMaxUnavailable(), desired, false, "25%");
        if (maxSurge == 0 && maxUnavailable == 0) {
            maxUnavailable = 1; // as the API server's defaulting/validation forces
        }
        if (old.isEmpty()) {
            scale(deployment, hash, current, desired);
            return;
        }
        int total = current.size() + old.size();
        int canCreate = Math.min(desired - current.size(), desired + maxSurge - total);
        for (int i = 0; i < canCreate; i++) {
            create(deployment, hash);
        }
        if (current.size() > desired) {
            scale(deployment, hash, current, desired);
        }
        // Old pods that are not ready may always go; ready ones while enough pods stay ready (rolling.go
        // reconcileOldReplicaSets: maxScaledDown = allPods - minAvailable - newUnavailable).
        int minAvailable = desired - maxUnavailable;
        int newUnavailable = (int) current.stream().filter(p -> !ready(p)).count();
        int maxScaleDown = total - minAvailable - newUnavailable;
        List<Pod> byReadiness = new ArrayList<>(old);
        byReadiness.sort(Comparator.comparing(SimulatedDeploymentController::ready));
        for (Pod pod : byReadiness) {
            if (!ready(pod)) {
                delete(pod, "RollingUpdate: old template, not ready");
                total--;
            } else if (maxScaleDown > 0) {
                delete(pod, "RollingUpdate: old template");
                maxScaleDown--;
            }
        }
    }

    private void scale(Deployment deployment, String hash, List<Pod> current, int desired) {
        for (int i = current.size(); i < desired; i++) {
            create(deployment, hash);
        }
        if (current.size() > desired) {
            // the ReplicaSet controller deletes not-ready and younger pods first
            List<Pod> victims = new ArrayList<>(current);
            victims.sort(Comparator.comparing(SimulatedDeploymentController::ready)
                    .thenComparing(p -> p.getMetadata().getCreationTimestamp(), Comparator.reverseOrder()));
            victims.subList(0, current.size() - desired).forEach(p -> delete(p, "scale down"));
        }
    }

    private void create(Deployment deployment, String hash) {
        var template = deployment.getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>(Objects.requireNonNullElse(
                template.getMetadata().getLabels(), Map.of()));
        labels.put(TEMPLATE_HASH_LABEL, hash);
        String name = deployment.getMetadata().getName() + "-" + hash + "-" + suffix();
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .withAnnotations(template.getMetadata().getAnnotations())
                .withFinalizers(SimulatedKubelet.TERMINATION_FINALIZER).endMetadata()
                .withSpec(Serialization.clone(template.getSpec())).build();
        pod.getSpec().setNodeName(SimulatedKubelet.NODE_NAME);
        client.pods().inNamespace(namespace).resource(pod).create();
        events.accept(deployment.getMetadata().getName() + ": created pod " + name);
    }

    private void delete(Pod pod, String why) {
        client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
        events.accept(pod.getMetadata().getName() + ": deleted (" + why + ")");
    }

    private void writeStatus(Deployment deployment, String hash, int desired) {
        List<Pod> pods = client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> matches(p, deployment.getSpec().getSelector().getMatchLabels()))
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        int replicas = pods.size();
        int updated = (int) pods.stream().filter(p -> hash.equals(label(p, TEMPLATE_HASH_LABEL))).count();
        int ready = (int) pods.stream().filter(SimulatedDeploymentController::ready).count();
        var rolling = deployment.getSpec().getStrategy() == null ? null
                : deployment.getSpec().getStrategy().getRollingUpdate();
        int maxUnavailable = "Recreate".equals(deployment.getSpec().getStrategy() == null ? null
                : deployment.getSpec().getStrategy().getType()) ? desired
                : resolve(rolling == null ? null : rolling.getMaxUnavailable(), desired, false, "25%");
        boolean available = ready >= desired - maxUnavailable;
        boolean complete = updated == desired && replicas == desired && ready >= desired;
        DeploymentStatus previous = deployment.getStatus();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(updated).withReadyReplicas(ready)
                .withAvailableReplicas(ready).withUnavailableReplicas(Math.max(0, desired - ready))
                .withConditions(
                        condition(previous, "Available", available,
                                available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                                available ? "Deployment has minimum availability."
                                        : "Deployment does not have minimum availability.", now),
                        condition(previous, "Progressing", true,
                                complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                                complete ? "ReplicaSet \"" + deployment.getMetadata().getName() + "-" + hash
                                        + "\" has successfully progressed."
                                        : "ReplicaSet \"" + deployment.getMetadata().getName() + "-" + hash
                                        + "\" is progressing.", now))
                .build();
        if (previous != null && sameCounts(previous, status)) {
            return;
        }
        client.apps().deployments().inNamespace(namespace).withName(deployment.getMetadata().getName())
                .editStatus(d -> {
                    d.setStatus(status);
                    return d;
                });
    }

    private static boolean sameCounts(DeploymentStatus a, DeploymentStatus b) {
        return Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && Objects.equals(a.getReplicas(), b.getReplicas())
                && Objects.equals(a.getUpdatedReplicas(), b.getUpdatedReplicas())
                && Objects.equals(a.getReadyReplicas(), b.getReadyReplicas())
                && Objects.equals(a.getAvailableReplicas(), b.getAvailableReplicas())
                && Objects.equals(reasons(a), reasons(b));
    }

    private static List<String> reasons(DeploymentStatus status) {
        return status.getConditions() == null ? List.of()
                : status.getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
                        .toList();
    }

    private static DeploymentCondition condition(DeploymentStatus previous, String type, boolean value, String reason,
                                                 String message, String now) {
        DeploymentCondition old = previous == null || previous.getConditions() == null ? null
                : previous.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
        String status = value ? "True" : "False";
        String since = old != null && status.equals(old.getStatus()) ? old.getLastTransitionTime() : now;
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastTransitionTime(since).withLastUpdateTime(now).build();
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Percentages: surge rounds up, unavailable rounds down (intstr.GetScaledValueFromIntOrPercent). */
    private static int resolve(IntOrString value, int desired, boolean roundUp, String fallback) {
        IntOrString v = value == null ? new IntOrString(fallback) : value;
        if (v.getIntVal() != null) {
            return v.getIntVal();
        }
        String s = v.getStrVal();
        if (s.endsWith("%")) {
            double scaled = desired * Integer.parseInt(s.substring(0, s.length() - 1)) / 100.0;
            return (int) (roundUp ? Math.ceil(scaled) : Math.floor(scaled));
        }
        return Integer.parseInt(s);
    }

    /** Like the pod-template-hash: a hash of the pod template (without the hash label itself). */
    static String templateHash(Deployment deployment) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    Serialization.asJson(deployment.getSpec().getTemplate()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean matches(Pod pod, Map<String, String> selector) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null && selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static String label(Pod pod, String key) {
        return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(key);
    }

    private static String suffix() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            s.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
