package com.danubemessaging.connect.runtime.lifecycle;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.runtime.health.HealthState;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run/stop/await contract the source and sink runtimes share: {@link #run} may be called once, turns every
 * failure into a {@link FatalException}, always runs the close step, records a fatal reason in the health state
 * (liveness, termination log), and {@link #stop} may come from any thread, e.g. a shutdown hook.
 */
public final class RuntimeLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeLifecycle.class);

    private final String kind;
    private final String connectorName;
    private final HealthState health;
    private final StopSignal stop = new StopSignal();
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);

    /**
     * @param kind          "source" or "sink", for messages
     * @param connectorName the {@code connector_name}, for logs
     */
    public RuntimeLifecycle(String kind, String connectorName, HealthState health) {
        this.kind = kind;
        this.connectorName = connectorName;
        this.health = health;
    }

    /** The flag the runtime's loops check and wait on. */
    public StopSignal stopSignal() {
        return stop;
    }

    /**
     * Runs {@code body}, then {@code close} (told whether the body failed), whatever happened.
     *
     * @throws FatalException when the body failed, after the close
     * @throws IllegalStateException on a second call
     */
    public void run(Runnable body, Consumer<Boolean> close) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the " + kind + " runtime of '" + connectorName + "' was already run");
        }
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
            try {
                close.accept(fatal != null);
            } finally {
                finished.countDown();
            }
        }
        if (fatal != null) {
            health.markFatal(fatal.getMessage() == null ? fatal.toString() : fatal.getMessage());
            LOG.error("{} connector '{}' stopped: {}", capitalized(), connectorName, fatal.getMessage());
            throw fatal;
        }
    }

    /** Asks {@link #run} to finish in order; returns at once. Idempotent. */
    public void stop() {
        if (!stop.isStopped()) {
            LOG.info("Stopping {} connector '{}'", kind, connectorName);
            health.markStopping();
            stop.stop();
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
