package com.danubemessaging.connect.operator.status;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.danubemessaging.connect.operator.model.ConnectorPhase;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;

/**
 * Finds why connector pods do not start, from what the Deployment controller, the scheduler and the kubelet report:
 * the Deployment's {@code ReplicaFailure} (pods refused at creation: Pod Security admission, ResourceQuota) and
 * {@code Progressing=False/ProgressDeadlineExceeded} conditions, containers waiting on an image pull or on their
 * configuration, and pods the scheduler cannot place. Each blocker carries the phase it implies: Failed when someone
 * has to act, Pending when the cluster may still resolve it by itself (a node the autoscaler adds).
 */
public final class StartupBlockers {

    /** Reasons of the Ready condition that name a blocker; a change to one of them is recorded as an event. */
    public static final Set<String> REASONS = Set.of("PodSecurityRejected", "QuotaExceeded", "ReplicaFailure",
            "ProgressDeadlineExceeded", "ImagePullBackOff", "ErrImagePull", "InvalidImageName",
            "CreateContainerConfigError", "CreateContainerError", "Unschedulable");

    private static final List<String> IMAGE_REASONS = List.of("ImagePullBackOff", "ErrImagePull",
            "InvalidImageName");
    private static final List<String> CONTAINER_REASONS = List.of("CreateContainerConfigError",
            "CreateContainerError");
    static final int MAX_MESSAGE_LENGTH = 512;

    /**
     * @param phase the phase when no pod is ready
     * @param reason the Ready condition's reason
     * @param message what happened and how to fix it
     */
    public record Blocker(ConnectorPhase phase, String reason, String message) {
    }

    private StartupBlockers() {
    }

    public static Optional<Blocker> find(Deployment deployment, Collection<Pod> pods) {
        Optional<Blocker> replicaFailure = replicaFailure(deployment);
        if (replicaFailure.isPresent()) {
            return replicaFailure;
        }
        List<Pod> live = pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
        for (Pod pod : live) {
            Optional<Blocker> waiting = waitingContainer(pod);
            if (waiting.isPresent()) {
                return waiting;
            }
        }
        for (Pod pod : live) {
            Optional<Blocker> unschedulable = unschedulable(pod);
            if (unschedulable.isPresent()) {
                return unschedulable;
            }
        }
        return progressDeadline(deployment);
    }

    private static Optional<Blocker> replicaFailure(Deployment deployment) {
        DeploymentCondition c = condition(deployment, "ReplicaFailure");
        if (c == null || !"True".equals(c.getStatus())) {
            return Optional.empty();
        }
        String message = c.getMessage() == null ? "" : c.getMessage();
        if (message.contains("PodSecurity")) {
            return Optional.of(new Blocker(ConnectorPhase.FAILED, "PodSecurityRejected",
                    "Pod Security admission refused the connector pods: " + truncate(message)
                            + "; remove the weakening fields from spec.template (see docs/kubernetes.md, security "
                            + "overrides) or relax the namespace's pod-security.kubernetes.io/enforce label"));
        }
        if (message.contains("exceeded quota") || message.contains("must specify")) {
            return Optional.of(new Blocker(ConnectorPhase.FAILED, "QuotaExceeded",
                    "a ResourceQuota refused the connector pods: " + truncate(message)
                            + "; lower spec.resources or spec.replicas, or raise the namespace's quota"));
        }
        return Optional.of(new Blocker(ConnectorPhase.FAILED, "ReplicaFailure",
                "the Deployment cannot create the connector pods (" + c.getReason() + "): " + truncate(message)));
    }

    private static Optional<Blocker> progressDeadline(Deployment deployment) {
        DeploymentCondition c = condition(deployment, "Progressing");
        if (c == null || !"False".equals(c.getStatus()) || !"ProgressDeadlineExceeded".equals(c.getReason())) {
            return Optional.empty();
        }
        return Optional.of(new Blocker(ConnectorPhase.FAILED, "ProgressDeadlineExceeded",
                "the rollout made no progress within the Deployment's progress deadline: "
                        + truncate(c.getMessage() == null ? "" : c.getMessage())
                        + "; kubectl describe on the connector's pods (labels in status.selector) shows the cause"));
    }

    private static Optional<Blocker> waitingContainer(Pod pod) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        List<ContainerStatus> statuses = new java.util.ArrayList<>();
        if (pod.getStatus().getInitContainerStatuses() != null) {
            statuses.addAll(pod.getStatus().getInitContainerStatuses());
        }
        if (pod.getStatus().getContainerStatuses() != null) {
            statuses.addAll(pod.getStatus().getContainerStatuses());
        }
        for (ContainerStatus cs : statuses) {
            ContainerStateWaiting waiting = cs.getState() == null ? null : cs.getState().getWaiting();
            if (waiting == null || waiting.getReason() == null) {
                continue;
            }
            String reason = waiting.getReason();
            String detail = waiting.getMessage() == null || waiting.getMessage().isBlank() ? ""
                    : ": " + truncate(waiting.getMessage());
            String where = "pod " + pod.getMetadata().getName() + ", container " + cs.getName();
            if (IMAGE_REASONS.contains(reason)) {
                return Optional.of(new Blocker(ConnectorPhase.FAILED, reason, where + " cannot pull image '"
                        + cs.getImage() + "'" + detail + "; check spec.image and, for a private registry, "
                        + "spec.template.pod.imagePullSecrets"));
            }
            if (CONTAINER_REASONS.contains(reason)) {
                String hint = "CreateContainerConfigError".equals(reason)
                        ? "; a Secret or ConfigMap (or a key) named in spec.env or spec.envFrom is probably missing"
                        : "; check spec.template and the container runtime's message";
                return Optional.of(new Blocker(ConnectorPhase.FAILED, reason, where + " cannot be created"
                        + detail + hint));
            }
        }
        return Optional.empty();
    }

    private static Optional<Blocker> unschedulable(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                    && "Unschedulable".equals(c.getReason())) {
                return Optional.of(new Blocker(ConnectorPhase.PENDING, "Unschedulable", "pod "
                        + pod.getMetadata().getName() + " cannot be scheduled: "
                        + truncate(c.getMessage() == null ? "" : c.getMessage())
                        + "; lower spec.resources.requests or relax spec.template.pod nodeSelector, tolerations "
                        + "and affinity (a cluster autoscaler may still add a node)"));
            }
        }
        return Optional.empty();
    }

    private static DeploymentCondition condition(Deployment deployment, String type) {
        if (deployment == null || deployment.getStatus() == null || deployment.getStatus().getConditions() == null) {
            return null;
        }
        return deployment.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElse(null);
    }

    private static String truncate(String message) {
        String trimmed = message.strip();
        return trimmed.length() <= MAX_MESSAGE_LENGTH ? trimmed : trimmed.substring(0, MAX_MESSAGE_LENGTH) + "…";
    }
}
