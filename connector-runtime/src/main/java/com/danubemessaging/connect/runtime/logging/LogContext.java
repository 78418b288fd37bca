package com.danubemessaging.connect.runtime.logging;

import org.slf4j.MDC;

/**
 * The fields every log event of a connector carries besides its message: {@code connector} (the connector's name)
 * and {@code topic} (the Danube topic the event is about, where there is one). Both are slf4j MDC keys, so any
 * backend's pattern can print them ({@code %X{topic}}); the JSON format writes them as fields of their own.
 */
public final class LogContext {

    /** MDC key (and JSON field) of the connector name. */
    public static final String CONNECTOR = "connector";
    /** MDC key (and JSON field) of the Danube topic. */
    public static final String TOPIC = "topic";

    private LogContext() {
    }

    /**
     * Names the connector on the calling thread until {@link #clear()}. The runnable also names it for the whole
     * process (a logger context property), so that threads the runtime does not own, such as gRPC's, carry it too.
     */
    public static void connector(String connectorName) {
        MDC.put(CONNECTOR, connectorName);
    }

    /** Names {@code topic} on the calling thread until the returned handle is closed (try-with-resources). */
    public static MDC.MDCCloseable topic(String topic) {
        return MDC.putCloseable(TOPIC, topic);
    }

    /** Forgets what this thread was named. */
    public static void clear() {
        MDC.remove(CONNECTOR);
        MDC.remove(TOPIC);
    }

    /** Wraps {@code task} so that the thread running it names {@code connectorName} (and forgets it afterwards). */
    public static Runnable inConnector(String connectorName, Runnable task) {
        return () -> {
            connector(connectorName);
            try {
                task.run();
            } finally {
                clear();
            }
        };
    }
}
