package com.danubemessaging.connect.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.danubemessaging.connect.operator.model.ConnectorPhase;
import com.danubemessaging.connect.operator.model.ConnectorStatus;
import com.danubemessaging.connect.operator.render.RenderedConnector;

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

    private static String ready(Deployment d) {
        return Conditions.find(StatusCalculator.rendered(1, null, rendered(3), d, List.of(), T0).getConditions(),
                Conditions.READY).getStatus();
    }

    private static ConnectorPhase phase(Deployment d) {
        return StatusCalculator.rendered(1, null, rendered(3), d, List.of(), T0).getPhase();
    }
}
