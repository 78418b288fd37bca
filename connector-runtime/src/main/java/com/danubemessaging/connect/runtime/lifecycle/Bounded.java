package com.danubemessaging.connect.runtime.lifecycle;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a clean-up step that may block on the network (closing producers or consumers while the broker is gone) for
 * at most a given time, so that it cannot stretch a stop past the shutdown timeout. A step that overruns goes on in
 * the background on a daemon thread and is logged.
 */
public final class Bounded {
    private static final Logger LOG = LoggerFactory.getLogger(Bounded.class);

    private Bounded() {
    }

    /** Runs {@code step}, waiting for it at most {@code limit}; its failure is logged, not thrown. */
    public static void run(String what, Duration limit, Runnable step) {
        Thread worker = new Thread(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed: {}", what, e.toString());
            }
        }, "danube-connect-close");
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join(Math.max(1, limit.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            LOG.warn("{} did not finish within {} ms; going on without waiting for it", what, limit.toMillis());
        }
    }
}
