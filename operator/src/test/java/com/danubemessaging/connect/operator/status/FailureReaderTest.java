package com.danubemessaging.connect.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.danubemessaging.connect.operator.model.FailureInfo;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

class FailureReaderTest {

    /** A pod whose container last terminated with {@code exitCode}, as the kubelet reports it. */
    private static Pod pod(String name, int exitCode, String message, String deletionTimestamp) {
        return new PodBuilder().withNewMetadata().withName(name).withDeletionTimestamp(deletionTimestamp).endMetadata()
                .withNewStatus().addNewContainerStatus().withName("connector").withRestartCount(0)
                .withNewState().withNewTerminated().withExitCode(exitCode).withReason("Error").withMessage(message)
                .withFinishedAt("2026-11-28T10:00:0" + exitCode % 10 + "Z").endTerminated().endState()
                .endContainerStatus().endStatus().build();
    }

    @Test
    void aCrashOfARunningPodIsTheLastFailure() {
        List<Pod> pods = List.of(pod("sink-a", 1, "permission denied for table orders", null));
        FailureInfo failure = FailureReader.lastFailure(pods).orElseThrow();
        assertThat(failure.getPod()).isEqualTo("sink-a");
        assertThat(failure.getExitCode()).isEqualTo(1);
        assertThat(failure.getMessage()).isEqualTo("permission denied for table orders");
        assertThat(FailureReader.isFailing(pods)).isTrue();
    }

    @Test
    void theStopOfAPodBeingDeletedIsNoFailure() {
        // A rollout or scale-down deletes a pod: SIGTERM, the JVM exits 143 and the kubelet reports it as a
        // terminated state with reason Error until the pod object is gone (seen end to end in e2e-tests).
        Pod stopped = pod("sink-old", 143, "Starting sink connector …", "2026-11-28T10:00:00Z");
        assertThat(FailureReader.lastFailure(List.of(stopped))).isEmpty();
        assertThat(FailureReader.isFailing(List.of(stopped))).isFalse();
        Pod crashed = pod("sink-new", 1, "permission denied for table orders", null);
        assertThat(FailureReader.lastFailure(List.of(stopped, crashed))).map(FailureInfo::getPod).contains("sink-new");
    }
}
