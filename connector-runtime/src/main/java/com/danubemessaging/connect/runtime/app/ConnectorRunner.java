package com.danubemessaging.connect.runtime.app;

import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.runtime.RuntimeContext;
import com.danubemessaging.connect.runtime.sink.SinkRuntime;
import com.danubemessaging.connect.runtime.source.SourceRuntime;

/** The one thing the runnable needs from a source or sink runtime: run until stopped, and stop. */
interface ConnectorRunner {

    /** Blocks until stopped; throws {@code FatalException} on a fatal error. */
    void run();

    /** Asks {@link #run()} to finish in order; returns at once. */
    void stop();

    /** "source" or "sink", for logs. */
    String kind();

    static ConnectorRunner of(Object connector, RuntimeContext context) {
        if (connector instanceof SourceConnector source) {
            SourceRuntime runtime = new SourceRuntime(source, context);
            return delegating("source", runtime::run, runtime::stop);
        }
        SinkRuntime runtime = new SinkRuntime((SinkConnector) connector, context);
        return delegating("sink", runtime::run, runtime::stop);
    }

    private static ConnectorRunner delegating(String kind, Runnable run, Runnable stop) {
        return new ConnectorRunner() {
            @Override
            public void run() {
                run.run();
            }

            @Override
            public void stop() {
                stop.run();
            }

            @Override
            public String kind() {
                return kind;
            }
        };
    }
}
