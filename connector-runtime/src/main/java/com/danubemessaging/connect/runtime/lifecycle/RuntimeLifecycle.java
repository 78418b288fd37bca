package com.danubemessaging.connect.runtime.lifecycle;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.runtime.health.HealthState;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run/stop/await contract the source and sink runtimes share: {@link #run} may be called once, turns every
 * failure into a {@link FatalException}, always runs the close step, records a fatal reason in the health state
 * (liveness, termination log), and {@link #stop} may come from any thread, e.g. a shutdown hook.
 *
 * <p>A stop is bounded by the shutdown timeout ({@code DANUBE_CONNECT_SHUTDOWN_TIMEOUT_MS}): pending work gets the
 * drain budget (the timeout minus a reserve for the close step), and if the runtime thread is still busy half-way
 * into the reserve, for instance blocked inside a connector call, it is interrupted so that the close step, and with
 * it the connector's {@code shutdown()}, still runs in time.
 */
public final class RuntimeLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeLifecycle.class);
    /** The part of the shutdown timeout kept for the close step: a quarter of it, at most 5 s. */
    private static final Duration MAX_CLOSE_RESERVE = Duration.ofSeconds(5);

    private final String kind;
    private final String connectorName;
    private final HealthState health;
    private final StopSignal stop;
    /** When, after the stop, a runtime thread that is still busy gets interrupted: half-way into the close reserve. */
    private final Duration interruptAfter;
    /** Masks values from {@code ${env:…}} placeholders in a fatal reason before it is logged or published. */
    private final UnaryOperator<String> masker;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Thread runThread;

    /**
     * @param kind            "source" or "sink", for messages
     * @param connectorName   the {@code connector_name}, for logs
     * @param shutdownTimeout the longest a stop may take, close step included
     */
    public RuntimeLifecycle(String kind, String connectorName, HealthState health, Duration shutdownTimeout) {
        this(kind, connectorName, health, shutdownTimeout, UnaryOperator.identity());
    }

    /** @param masker masks secrets (e.g. {@code ConnectorConfig::mask}) in the fatal reason */
    public RuntimeLifecycle(String kind, String connectorName, HealthState health, Duration shutdownTimeout,
                            UnaryOperator<String> masker) {
        this.masker = masker;
        this.kind = kind;
        this.connectorName = connectorName;
        this.health = health;
        Duration drain = drainBudget(shutdownTimeout);
        this.stop = new StopSignal(drain);
        this.interruptAfter = drain.plus(shutdownTimeout.minus(drain).dividedBy(2));
    }

    /** The time pending work gets after a stop: the shutdown timeout minus the close reserve. */
    static Duration drainBudget(Duration shutdownTimeout) {
        Duration quarter = shutdownTimeout.dividedBy(4);
        Duration reserve = quarter.compareTo(MAX_CLOSE_RESERVE) > 0 ? MAX_CLOSE_RESERVE : quarter;
        return shutdownTimeout.minus(reserve);
    }

    /** The flag the runtime's loops check and wait on. */
    public StopSignal stopSignal() {
        return stop;
    }

    /**
     * Runs {@code body}, then {@code close} (given the failure, or null after a normal end), whatever happened.
     *
     * @throws FatalException when the body failed, after the close
     * @throws IllegalStateException on a second call
     */
    public void run(Runnable body, Consumer<FatalException> close) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the " + kind + " runtime of '" + connectorName + "' was already run");
        }
        runThread = Thread.currentThread();
        FatalException fatal = null;
        try {
            body.run();
        } catch (FatalException e) {
            fatal = e;
        } catch (ConfigurationException e) {
            fatal = new FatalException("configuration error: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            fatal = new FatalException("unexpected error in the " + kind + " runtime: " + e, e);
        } finally {
            runThread = null;
            // an interrupt from the stop watchdog has done its job; the close step must not see it
            boolean interrupted = Thread.interrupted();
            try {
                close.accept(fatal);
            } finally {
                finished.countDown();
                if (interrupted && !stop.isStopped()) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (fatal != null) {
            String reason = masker.apply(fatal.getMessage() == null ? fatal.toString() : fatal.getMessage());
            health.markFatal(reason);
            LOG.error("{} connector '{}' stopped: {}", capitalized(), connectorName, reason);
            throw fatal;
        }
    }

    /** Asks {@link #run} to finish in order; returns at once. Idempotent. */
    public void stop() {
        if (stop.isStopped()) {
            return;
        }
        LOG.info("Stopping {} connector '{}' (pending work gets {} ms)", kind, connectorName,
                stop.drainBudget().toMillis());
        health.markStopping();
        stop.stop();
        if (started.get() && finished.getCount() > 0) {
            Thread watchdog = new Thread(this::interruptWhenDrainIsOver, "danube-connect-stop-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }
    }

    private void interruptWhenDrainIsOver() {
        try {
            if (finished.await(interruptAfter.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Thread busy = runThread;
        if (busy != null) {
            LOG.warn("{} connector '{}' is still busy {} ms after the stop; interrupting it so that it closes in time",
                    capitalized(), connectorName, interruptAfter.toMillis());
            busy.interrupt();
        }
    }

    /** Waits until {@link #run} has returned; true if it did within {@code timeout}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private String capitalized() {
        return Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }
}
