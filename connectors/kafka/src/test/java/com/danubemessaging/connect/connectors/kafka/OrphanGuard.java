package com.danubemessaging.connect.connectors.kafka;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Runs another main class in a child JVM and ends the JVM when the test JVM that started it is gone, so a test JVM
 * that dies never leaves a Kafka broker or a connector running. Arguments: the main class, then its arguments.
 */
public final class OrphanGuard {
    /** Exit code when the parent disappeared; distinct from the codes the guarded programs use. */
    static final int ORPHANED = 86;

    private OrphanGuard() {
    }

    public static void main(String[] args) throws Throwable {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        Thread watchdog = new Thread(() -> {
            while (parent.map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(ORPHANED);
        }, "orphan-guard");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
