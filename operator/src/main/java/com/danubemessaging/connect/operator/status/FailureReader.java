package com.danubemessaging.connect.operator.status;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

import com.danubemessaging.connect.operator.model.FailureInfo;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Reads why connector containers failed: the termination message the runtime wrote to /dev/termination-log (or the
 * log tail, with FallbackToLogsOnError), the exit code and the restart count.
 */
public final class FailureReader {

    static final int MAX_MESSAGE_LENGTH = 1024;

    private FailureReader() {
    }

    /**
     * The most recent failure across the pods, if any container terminated with an error. Pods being deleted do not
     * count: the kubelet reports how their container ended (143 after the SIGTERM of a rollout or scale-down, 137
     * after the grace period), which is no failure of the connector.
     */
    public static Optional<FailureInfo> lastFailure(Collection<Pod> pods) {
        return pods.stream().filter(FailureReader::notTerminating)
                .flatMap(pod -> pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                        ? java.util.stream.Stream.<FailureInfo>empty()
                        : pod.getStatus().getContainerStatuses().stream()
                                .map(cs -> failureOf(pod, cs)).flatMap(Optional::stream))
                .max(Comparator.comparing((FailureInfo f) -> f.getFinishedAt() == null ? "" : f.getFinishedAt())
                        .thenComparing(FailureInfo::getPod));
    }

    /** Sum of container restart counts. */
    public static int restarts(Collection<Pod> pods) {
        return pods.stream().filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
                .flatMap(p -> p.getStatus().getContainerStatuses().stream())
                .mapToInt(cs -> cs.getRestartCount() == null ? 0 : cs.getRestartCount()).sum();
    }

    /** True when a container of a pod that is not being deleted is crash-looping or terminated with an error. */
    public static boolean isFailing(Collection<Pod> pods) {
        return pods.stream().filter(FailureReader::notTerminating)
                .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
                .flatMap(p -> p.getStatus().getContainerStatuses().stream())
                .anyMatch(cs -> cs.getState() != null && ((cs.getState().getWaiting() != null
                        && "CrashLoopBackOff".equals(cs.getState().getWaiting().getReason()))
                        || isError(cs.getState().getTerminated())));
    }

    private static boolean notTerminating(Pod pod) {
        return pod.getMetadata() == null || pod.getMetadata().getDeletionTimestamp() == null;
    }

    private static Optional<FailureInfo> failureOf(Pod pod, ContainerStatus cs) {
        ContainerStateTerminated terminated = cs.getState() != null && isError(cs.getState().getTerminated())
                ? cs.getState().getTerminated()
                : cs.getLastState() != null && isError(cs.getLastState().getTerminated())
                        ? cs.getLastState().getTerminated() : null;
        if (terminated == null) {
            return Optional.empty();
        }
        FailureInfo info = new FailureInfo();
        info.setPod(pod.getMetadata().getName());
        String waiting = cs.getState() != null && cs.getState().getWaiting() != null
                ? cs.getState().getWaiting().getReason() : null;
        info.setReason(waiting != null ? waiting : terminated.getReason());
        info.setMessage(truncate(terminated.getMessage()));
        info.setExitCode(terminated.getExitCode());
        info.setRestartCount(cs.getRestartCount());
        info.setFinishedAt(terminated.getFinishedAt());
        return Optional.of(info);
    }

    private static boolean isError(ContainerStateTerminated terminated) {
        return terminated != null && terminated.getExitCode() != null && terminated.getExitCode() != 0;
    }

    private static String truncate(String message) {
        if (message == null) {
            return null;
        }
        String trimmed = message.strip();
        return trimmed.length() <= MAX_MESSAGE_LENGTH ? trimmed
                : "…" + trimmed.substring(trimmed.length() - MAX_MESSAGE_LENGTH);
    }
}
