package com.danubemessaging.connect.operator.status;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.danubemessaging.connect.operator.model.ConnectorPhase;
import com.danubemessaging.connect.operator.model.ConnectorStatus;
import com.danubemessaging.connect.operator.render.RenderedConnector;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/**
 * Derives the CR status from what the cluster reports. Pure: the inputs are the rendered objects, the observed
 * Deployment and pods, the previous status and the time.
 */
public final class StatusCalculator {

    private StatusCalculator() {
    }

    /** Status of a CR whose spec could be rendered and applied. */
    public static ConnectorStatus rendered(long generation, ConnectorStatus previous, RenderedConnector rendered,
            Deployment observed, Collection<Pod> pods, String now) {
        ConnectorStatus status = new ConnectorStatus();
        status.setObservedGeneration(generation);
        status.setConnector(rendered.connectorId());
        status.setConfigHash(rendered.configHash());
        status.setSelector(rendered.selector());
        DeploymentStatus ds = observed == null ? null : observed.getStatus();
        int replicas = ds == null || ds.getReplicas() == null ? 0 : ds.getReplicas();
        int ready = ds == null || ds.getReadyReplicas() == null ? 0 : ds.getReadyReplicas();
        int updated = ds == null || ds.getUpdatedReplicas() == null ? 0 : ds.getUpdatedReplicas();
        boolean deploymentObserved = observed != null && ds != null && ds.getObservedGeneration() != null
                && observed.getMetadata().getGeneration() != null
                && ds.getObservedGeneration() >= observed.getMetadata().getGeneration();
        status.setReplicas(replicas);
        status.setReadyReplicas(ready);
        status.setRestartCount(FailureReader.restarts(pods));
        FailureReader.lastFailure(pods).ifPresent(status::setLastFailure);

        int desired = rendered.desiredReplicas();
        List<Condition> conditions = new ArrayList<>();
        conditions.add(Conditions.of(Conditions.SPEC_VALID, true, "Rendered",
                "connector.toml, Deployment and Service are up to date (config hash " + rendered.configHash() + ")",
                generation));
        Optional<StartupBlockers.Blocker> blocker = desired == 0 ? Optional.empty()
                : StartupBlockers.find(observed, pods);
        boolean allReady = deploymentObserved && ready >= desired && updated >= desired && replicas == desired;
        if (desired == 0) {
            status.setPhase(ConnectorPhase.PAUSED);
            conditions.add(Conditions.of(Conditions.READY, false, "Paused",
                    "spec.state is paused: the connector runs no pods; set it to running to resume", generation));
        } else if (allReady) {
            status.setPhase(ConnectorPhase.RUNNING);
            conditions.add(Conditions.of(Conditions.READY, true, "AllReplicasReady",
                    ready + "/" + desired + " replicas are ready", generation));
        } else if (ready >= desired) {
            // Full capacity from pods of an older template while the Deployment rolls out the new one.
            status.setPhase(ConnectorPhase.RUNNING);
            String progress = ready + "/" + desired + " replicas are ready; " + updated
                    + " run the current configuration";
            conditions.add(blocker.map(b -> Conditions.of(Conditions.READY, false, b.reason(),
                    progress + "; the rollout is stuck: " + b.message(), generation))
                    .orElseGet(() -> Conditions.of(Conditions.READY, false, "RolloutInProgress",
                            progress + ", the rollout is in progress", generation)));
        } else if (ready > 0) {
            status.setPhase(ConnectorPhase.DEGRADED);
            String progress = ready + "/" + desired + " replicas are ready";
            conditions.add(blocker.filter(b -> !FailureReader.isFailing(pods))
                    .map(b -> Conditions.of(Conditions.READY, false, b.reason(), progress + "; " + b.message(),
                            generation))
                    .orElseGet(() -> Conditions.of(Conditions.READY, false, "NotAllReplicasReady",
                            progress + failureSuffix(status), generation)));
        } else if (FailureReader.isFailing(pods)) {
            status.setPhase(ConnectorPhase.FAILED);
            conditions.add(Conditions.of(Conditions.READY, false, "ConnectorFailing",
                    "0/" + desired + " replicas are ready" + failureSuffix(status), generation));
        } else if (blocker.isPresent()) {
            status.setPhase(blocker.get().phase());
            conditions.add(Conditions.of(Conditions.READY, false, blocker.get().reason(),
                    "0/" + desired + " replicas are ready; " + blocker.get().message(), generation));
        } else {
            status.setPhase(ConnectorPhase.PENDING);
            conditions.add(Conditions.of(Conditions.READY, false, "Starting",
                    "0/" + desired + " replicas are ready; waiting for the pods to start", generation));
        }
        status.setConditions(Conditions.merge(previous == null ? null : previous.getConditions(), conditions, now));
        return status;
    }

    /**
     * Status of a CR whose spec cannot be rendered. The observed counts are kept so the status still tells how many
     * pods of an earlier, valid spec are running.
     */
    public static ConnectorStatus invalid(long generation, ConnectorStatus previous, String connectorId,
            String selector, String reason, String message, Deployment observed, String now) {
        ConnectorStatus status = new ConnectorStatus();
        status.setObservedGeneration(generation);
        status.setConnector(connectorId);
        status.setSelector(selector);
        status.setPhase(ConnectorPhase.FAILED);
        DeploymentStatus ds = observed == null ? null : observed.getStatus();
        status.setReplicas(ds == null || ds.getReplicas() == null ? 0 : ds.getReplicas());
        status.setReadyReplicas(ds == null || ds.getReadyReplicas() == null ? 0 : ds.getReadyReplicas());
        if (previous != null) {
            status.setConfigHash(previous.getConfigHash());
            status.setLastFailure(previous.getLastFailure());
            status.setRestartCount(previous.getRestartCount());
        }
        List<Condition> conditions = List.of(
                Conditions.of(Conditions.SPEC_VALID, false, reason, message, generation),
                Conditions.of(Conditions.READY, false, "InvalidSpec", "the spec cannot be applied: " + message,
                        generation));
        status.setConditions(Conditions.merge(previous == null ? null : previous.getConditions(), conditions, now));
        return status;
    }

    private static String failureSuffix(ConnectorStatus status) {
        if (status.getLastFailure() == null) {
            return "";
        }
        var f = status.getLastFailure();
        return "; last failure in pod " + f.getPod() + ": " + f.getReason() + " (exit code " + f.getExitCode()
                + ", restarts " + f.getRestartCount() + ")" + (f.getMessage() == null ? "" : ": " + f.getMessage());
    }
}
