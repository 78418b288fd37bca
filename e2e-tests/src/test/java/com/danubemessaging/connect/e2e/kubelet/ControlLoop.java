package com.danubemessaging.connect.e2e.kubelet;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the simulated Deployment controller and kubelet every 250 ms, as their informers and sync loops would,
 * on one thread so that their passes do not interleave.
 */
public final class ControlLoop implements AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "simulated-control-loop");
        t.setDaemon(true);
        return t;
    });

    public ControlLoop(SimulatedDeploymentController controller, SimulatedKubelet kubelet, Consumer<String> events) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                controller.sync();
                kubelet.sync();
            } catch (RuntimeException e) {
                events.accept("control loop: " + e);
            }
        }, 0, 250, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
