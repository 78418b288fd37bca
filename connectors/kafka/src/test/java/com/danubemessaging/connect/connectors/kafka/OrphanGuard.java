package com.danubemessaging.connect.connectors.kafka;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Runs another main class in a child JVM and ends the JVM when the parent goes away (its end of our stdin closes),
 * so a test JVM that dies never leaves a Kafka broker or a connector running. Arguments: the main class, then
 * its arguments.
 */
public final class OrphanGuard {

    private OrphanGuard() {
    }

    public static void main(String[] args) throws Throwable {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent never writes; only the end of the stream matters
                }
            } catch (IOException e) {
                // the same as end of stream
            }
            Runtime.getRuntime().halt(137);
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
