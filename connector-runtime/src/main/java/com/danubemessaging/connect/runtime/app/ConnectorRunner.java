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
            return new ConnectorRunner() {
                public void run() {
                    runtime.run();
                }

                public void stop() {
                    runtime.stop();
                }

                public String kind() {
                    return "source";
                }
            };
        }
        SinkRuntime runtime = new SinkRuntime((SinkConnector) connector, context);
        return new ConnectorRunner() {
            public void run() {
                runtime.run();
            }

            public void stop() {
                runtime.stop();
            }

            public String kind() {
                return "sink";
            }
        };
    }
}
