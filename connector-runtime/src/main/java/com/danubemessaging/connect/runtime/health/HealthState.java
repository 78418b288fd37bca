package com.danubemessaging.connect.runtime.health;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Liveness and readiness of the process, as served on {@code /health/live} and {@code /health/ready}.
 *
 * <p>Ready = the runtime has started, is not stopping, none of its readiness checks objects (a sink's consumers all
 * stream; it waits for no topic), the Danube client is connected, records are not stalled behind a failing external
 * system and the connector's last health check passed. Live = no fatal error has been recorded and no threads are
 * dead-locked; a stopping
 * process is still live (Kubernetes must not kill it during its grace period). Thread-safe.
 */
public final class HealthState {

    private volatile boolean started;
    private volatile boolean stopping;
    private volatile boolean connectorHealthy = true;
    private volatile String fatalReason;
    private volatile String stallReason;
    private volatile BooleanSupplier clientConnected = () -> true;
    private final List<Supplier<Optional<String>>> readinessChecks = new CopyOnWriteArrayList<>();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** The runtime finished initialising (producers/consumers created, connector initialised). */
    public void markStarted() {
        started = true;
    }

    /** Shutdown began: not ready any more, so load balancers and probes stop sending work. */
    public void markStopping() {
        stopping = true;
    }

    /** Result of the connector's last {@code healthCheck()}. */
    public void connectorHealthy(boolean healthy) {
        connectorHealthy = healthy;
    }

    /**
     * The runtime keeps failing to move records (an external system is down past {@code [retry] max_retries}) but
     * goes on retrying: not ready, with this reason, until {@link #clearStalled()}. Liveness is unaffected.
     */
    public void markStalled(String reason) {
        stallReason = Objects.requireNonNull(reason, "reason");
    }

    /** Records move again. */
    public void clearStalled() {
        stallReason = null;
    }

    /** True while {@link #markStalled} is in force. */
    public boolean isStalled() {
        return stallReason != null;
    }

    /** A fatal error ends the process; liveness fails with this reason. */
    public void markFatal(String reason) {
        fatalReason = Objects.requireNonNull(reason, "reason");
    }

    /** Where readiness asks whether the Danube client is connected (the runnable passes {@code client::isConnected}). */
    public void clientConnected(BooleanSupplier connected) {
        clientConnected = Objects.requireNonNull(connected, "connected");
    }

    /**
     * A runtime's own reason not to be ready, asked on every readiness probe (also while starting, so the answer
     * says what start-up waits for, e.g. a topic that does not exist yet). Empty means no objection.
     */
    public void addReadinessCheck(Supplier<Optional<String>> check) {
        readinessChecks.add(Objects.requireNonNull(check, "check"));
    }

    public boolean isStarted() {
        return started;
    }

    public boolean isStopping() {
        return stopping;
    }

    public boolean isConnectorHealthy() {
        return connectorHealthy;
    }

    public boolean isReady() {
        return readinessProblem().isEmpty();
    }

    public boolean isLive() {
        return livenessProblem().isEmpty();
    }

    /** Why the process is not ready, or empty when it is. */
    public Optional<String> readinessProblem() {
        if (fatalReason != null) {
            return Optional.of("fatal error: " + fatalReason);
        }
        if (stopping) {
            return Optional.of("shutting down");
        }
        for (Supplier<Optional<String>> check : readinessChecks) {
            Optional<String> problem = check.get();
            if (problem.isPresent()) {
                return problem;
            }
        }
        if (!started) {
            return Optional.of("starting");
        }
        if (!clientConnected.getAsBoolean()) {
            return Optional.of("not connected to Danube");
        }
        String stalled = stallReason;
        if (stalled != null) {
            return Optional.of(stalled);
        }
        if (!connectorHealthy) {
            return Optional.of("connector health check failing");
        }
        return Optional.empty();
    }

    /** Why the process is not live, or empty when it is. */
    public Optional<String> livenessProblem() {
        if (fatalReason != null) {
            return Optional.of("fatal error: " + fatalReason);
        }
        long[] deadlocked = threads.findDeadlockedThreads();
        if (deadlocked != null && deadlocked.length > 0) {
            return Optional.of(deadlocked.length + " threads dead-locked");
        }
        return Optional.empty();
    }
}
