package com.danubemessaging.connect.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.danubemessaging.connect.operator.model.ConnectorPhase;
import com.danubemessaging.connect.operator.model.ConnectorStatus;
import com.danubemessaging.connect.operator.render.RenderedConnector;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

class StatusCalculatorTest {

    private static final String T0 = "2026-11-26T10:00:00Z";
    private static final String T1 = "2026-11-26T10:05:00Z";

    private static RenderedConnector rendered(int replicas) {
        return new RenderedConnector("sink-http", "abc", "sel=1", replicas, null, null, null);
    }

    private static Deployment deployment(long generation, long observed, int replicas, int updated, int ready) {
        return new DeploymentBuilder().withNewMetadata().withGeneration(generation).endMetadata().withNewStatus()
                .withObservedGeneration(observed).withReplicas(replicas).withUpdatedReplicas(updated)
                .withReadyReplicas(ready).endStatus().build();
    }

    @Test
    void readyOnlyWhenTheDesiredReplicasAreReadyAndUpToDate() {
        assertThat(phase(deployment(2, 2, 3, 3, 3))).isEqualTo(ConnectorPhase.RUNNING);
        assertThat(ready(deployment(2, 2, 3, 3, 3))).isEqualTo("True");
        // The Deployment controller has not seen the latest template yet: not ready, whatever the counts say.
        assertThat(ready(deployment(3, 2, 3, 3, 3))).isEqualTo("False");
        // A rollout in progress: old pods ready, new ones not yet; capacity is intact, so still Running.
        assertThat(phase(deployment(2, 2, 4, 1, 3))).isEqualTo(ConnectorPhase.RUNNING);
        assertThat(ready(deployment(2, 2, 4, 1, 3))).isEqualTo("False");
        assertThat(phase(deployment(2, 2, 3, 3, 2))).isEqualTo(ConnectorPhase.DEGRADED);
        assertThat(phase(deployment(2, 2, 3, 3, 0))).isEqualTo(ConnectorPhase.PENDING);
        assertThat(phase(null)).isEqualTo(ConnectorPhase.PENDING);
    }

    @Test
    void keepsLastTransitionTimeWhileAConditionKeepsItsStatus() {
        ConnectorStatus first = StatusCalculator.rendered(1, null, rendered(1), deployment(1, 1, 1, 1, 1), List.of(),
                T0);
        ConnectorStatus second = StatusCalculator.rendered(1, first, rendered(1), deployment(1, 1, 1, 1, 1),
                List.of(), T1);
        ConnectorStatus third = StatusCalculator.rendered(1, second, rendered(1), deployment(1, 1, 1, 1, 0),
                List.of(), T1);
        assertThat(Conditions.find(second.getConditions(), Conditions.READY).getLastTransitionTime()).isEqualTo(T0);
        assertThat(Conditions.find(third.getConditions(), Conditions.READY).getLastTransitionTime()).isEqualTo(T1);
    }

    @Test
    void pausedWhenNoReplicasAreDesired() {
        ConnectorStatus status = StatusCalculator.rendered(4, null, rendered(0), deployment(1, 1, 0, 0, 0),
                List.of(), T0);
        assertThat(status.getPhase()).isEqualTo(ConnectorPhase.PAUSED);
        assertThat(status.getObservedGeneration()).isEqualTo(4);
        assertThat(Map.of("status", Conditions.find(status.getConditions(), Conditions.READY).getStatus()))
                .containsEntry("status", "False");
    }

    // ---- why pods do not start: one case per cause, with the phase, the reason and the kubelet's words --------

    @Test
    void podSecurityRefusalFromTheDeploymentsReplicaFailureIsFailed() {
        Deployment d = withCondition(deployment(1, 1, 0, 0, 0), "ReplicaFailure", "True", "FailedCreate",
                "pods \"crashy-source-5d8f\" is forbidden: violates PodSecurity \"restricted:latest\": "
                        + "allowPrivilegeEscalation != false (container \"connector\" must set "
                        + "securityContext.allowPrivilegeEscalation=false)");
        assertBlocked(d, List.of(), ConnectorPhase.FAILED, "PodSecurityRejected",
                "violates PodSecurity \"restricted:latest\"", "spec.template");
    }

    @Test
    void quotaRefusalIsFailed() {
        Deployment d = withCondition(deployment(1, 1, 0, 0, 0), "ReplicaFailure", "True", "FailedCreate",
                "pods \"x-1\" is forbidden: exceeded quota: compute, requested: limits.memory=512Mi, "
                        + "used: limits.memory=1Gi, limited: limits.memory=1Gi");
        assertBlocked(d, List.of(), ConnectorPhase.FAILED, "QuotaExceeded", "exceeded quota: compute",
                "raise the namespace's quota");
    }

    @Test
    void progressDeadlineExceededIsFailed() {
        Deployment d = withCondition(deployment(1, 1, 1, 1, 0), "Progressing", "False", "ProgressDeadlineExceeded",
                "ReplicaSet \"x-5d8f\" has timed out progressing.");
        assertBlocked(d, List.of(), ConnectorPhase.FAILED, "ProgressDeadlineExceeded", "has timed out progressing",
                "kubectl describe");
    }

    @Test
    void imagePullErrorsAreFailedWithTheImageAndTheKubeletsMessage() {
        for (String reason : List.of("ImagePullBackOff", "ErrImagePull")) {
            Pod pod = waitingPod("x-1", reason, "Back-off pulling image \"registry.example.com/nope:1\"");
            assertBlocked(deployment(1, 1, 1, 1, 0), List.of(pod), ConnectorPhase.FAILED, reason,
                    "cannot pull image 'registry.example.com/nope:1'", "imagePullSecrets");
        }
    }

    @Test
    void containerConfigAndCreateErrorsAreFailed() {
        Pod config = waitingPod("x-1", "CreateContainerConfigError",
                "secret \"mqtt-credentials\" not found");
        assertBlocked(deployment(1, 1, 1, 1, 0), List.of(config), ConnectorPhase.FAILED,
                "CreateContainerConfigError", "secret \"mqtt-credentials\" not found", "spec.envFrom");
        Pod create = waitingPod("x-1", "CreateContainerError", "failed to reserve container name");
        assertBlocked(deployment(1, 1, 1, 1, 0), List.of(create), ConnectorPhase.FAILED, "CreateContainerError",
                "failed to reserve container name", "spec.template");
    }

    @Test
    void unschedulablePodsArePendingBecauseANodeMayStillCome() {
        Pod pod = new PodBuilder().withNewMetadata().withName("x-1").endMetadata().withNewStatus()
                .withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage("0/3 nodes are available: 3 Insufficient memory.")
                .endCondition().endStatus().build();
        assertBlocked(deployment(1, 1, 1, 1, 0), List.of(pod), ConnectorPhase.PENDING, "Unschedulable",
                "3 Insufficient memory", "spec.resources.requests");
    }

    @Test
    void aBlockerDuringARolloutKeepsTheConnectorRunningButNotReady() {
        Pod pod = waitingPod("x-new", "ImagePullBackOff", "Back-off pulling image");
        ConnectorStatus status = StatusCalculator.rendered(1, null, rendered(1), deployment(2, 2, 2, 1, 1),
                List.of(pod), T0);
        assertThat(status.getPhase()).isEqualTo(ConnectorPhase.RUNNING);
        var ready = Conditions.find(status.getConditions(), Conditions.READY);
        assertThat(ready.getReason()).isEqualTo("ImagePullBackOff");
        assertThat(ready.getMessage()).contains("the rollout is stuck");
    }

    @Test
    void terminatingPodsAndHealthyWaitingAreNoBlockers() {
        Pod terminating = new PodBuilder(waitingPod("x-old", "ImagePullBackOff", "old"))
                .editMetadata().withDeletionTimestamp(T0).endMetadata().build();
        Pod creating = waitingPod("x-2", "ContainerCreating", null);
        ConnectorStatus status = StatusCalculator.rendered(1, null, rendered(1), deployment(1, 1, 1, 1, 0),
                List.of(terminating, creating), T0);
        assertThat(status.getPhase()).isEqualTo(ConnectorPhase.PENDING);
        assertThat(Conditions.find(status.getConditions(), Conditions.READY).getReason()).isEqualTo("Starting");
    }

    private static void assertBlocked(Deployment d, List<Pod> pods, ConnectorPhase phase, String reason,
            String... messageParts) {
        ConnectorStatus status = StatusCalculator.rendered(1, null, rendered(1), d, pods, T0);
        assertThat(status.getPhase()).as(reason).isEqualTo(phase);
        var ready = Conditions.find(status.getConditions(), Conditions.READY);
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo(reason);
        assertThat(ready.getMessage()).contains(messageParts);
        assertThat(StartupBlockers.REASONS).contains(reason);
    }

    private static Deployment withCondition(Deployment d, String type, String status, String reason,
            String message) {
        return new DeploymentBuilder(d).editStatus().addNewCondition().withType(type).withStatus(status)
                .withReason(reason).withMessage(message).endCondition().endStatus().build();
    }

    private static Pod waitingPod(String name, String reason, String message) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus().withPhase("Pending")
                .addNewContainerStatus().withName("connector").withImage("registry.example.com/nope:1")
                .withRestartCount(0).withReady(false).withNewState().withNewWaiting().withReason(reason)
                .withMessage(message).endWaiting().endState().endContainerStatus().endStatus().build();
    }

    private static String ready(Deployment d) {
        return Conditions.find(StatusCalculator.rendered(1, null, rendered(3), d, List.of(), T0).getConditions(),
                Conditions.READY).getStatus();
    }

    private static ConnectorPhase phase(Deployment d) {
        return StatusCalculator.rendered(1, null, rendered(3), d, List.of(), T0).getPhase();
    }
}
