package com.danubemessaging.connect.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Probe;

/**
 * The kubelet's timing of one probe of one running container: the first run after initialDelaySeconds, then every
 * periodSeconds; the result flips to failure after failureThreshold failures in a row (default 3) and back to
 * success after successThreshold successes (default 1). Without a readiness probe a started container is ready;
 * without a liveness probe it is never restarted for liveness.
 */
final class ProbeSchedule {
    private final Probe probe;
    private final long startedAtNanos;
    private long nextNanos;
    private int failures;
    private int successes;
    private Boolean result;

    ProbeSchedule(Probe probe, long startedAtNanos) {
        this.probe = probe;
        this.startedAtNanos = startedAtNanos;
        this.nextNanos = startedAtNanos + seconds(probe == null ? null : probe.getInitialDelaySeconds(), 0);
    }

    boolean due(long now) {
        return probe != null && now >= nextNanos;
    }

    /** Records one result; returns the probe's current verdict. */
    boolean record(boolean success, long now) {
        nextNanos = now + seconds(probe.getPeriodSeconds(), 10);
        if (success) {
            failures = 0;
            successes++;
            if (result == null || !result) {
                result = successes >= (probe.getSuccessThreshold() == null ? 1 : probe.getSuccessThreshold())
                        ? Boolean.TRUE : result;
            }
        } else {
            successes = 0;
            failures++;
            if (failures >= (probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold())) {
                result = Boolean.FALSE;
            }
        }
        return Boolean.TRUE.equals(result);
    }

    Probe probe() {
        return probe;
    }

    boolean configured() {
        return probe != null;
    }

    /** True once failureThreshold failures in a row were seen. */
    boolean failed() {
        return Boolean.FALSE.equals(result);
    }

    long startedAtNanos() {
        return startedAtNanos;
    }

    private static long seconds(Integer value, int fallback) {
        return (value == null ? fallback : value) * 1_000_000_000L;
    }
}
