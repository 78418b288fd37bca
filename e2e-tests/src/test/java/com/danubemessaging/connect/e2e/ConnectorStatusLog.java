package com.danubemessaging.connect.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Watches the status of connector CRs (polling, as {@code kubectl get -w} would show it) and keeps every change of
 * phase, Ready condition and reason, and ready replicas: the status transitions the test prints and checks.
 */
final class ConnectorStatusLog implements AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "status-log");
        t.setDaemon(true);
        return t;
    });
    private final List<String> transitions = new ArrayList<>();
    private final long start = System.nanoTime();

    void watch(String label, Supplier<GenericKubernetesResource> cr) {
        String[] last = {null};
        executor.scheduleWithFixedDelay(() -> {
            try {
                String now = summary(cr.get());
                if (!Objects.equals(now, last[0])) {
                    last[0] = now;
                    synchronized (transitions) {
                        transitions.add(String.format("%6.1fs %s: %s", (System.nanoTime() - start) / 1e9, label, now));
                    }
                }
            } catch (RuntimeException e) {
                // the API server is going away at the end of the test
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
    }

    List<String> transitions() {
        synchronized (transitions) {
            return List.copyOf(transitions);
        }
    }

    @SuppressWarnings("unchecked")
    static String summary(GenericKubernetesResource cr) {
        if (cr == null) {
            return "absent";
        }
        Map<String, Object> status = (Map<String, Object>) cr.getAdditionalProperties().get("status");
        if (status == null) {
            return "no status";
        }
        List<Map<String, Object>> conditions = (List<Map<String, Object>>) status.getOrDefault("conditions", List.of());
        String ready = conditions.stream().filter(c -> "Ready".equals(c.get("type")))
                .map(c -> "Ready=" + c.get("status") + "/" + c.get("reason")).findFirst().orElse("Ready=?");
        Map<String, Object> failure = (Map<String, Object>) status.get("lastFailure");
        return status.get("phase") + " " + ready + " readyReplicas=" + status.get("readyReplicas")
                + (failure == null ? "" : " lastFailure=" + failure.get("reason") + "/exit " + failure.get("exitCode"));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
