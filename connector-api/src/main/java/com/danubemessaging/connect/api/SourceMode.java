package com.danubemessaging.connect.api;

/** How a source delivers records to the runtime. */
public enum SourceMode {
    /** The runtime calls {@link SourceConnector#poll()} in a loop. */
    POLLING,
    /** The runtime calls {@link SourceConnector#startStreaming(SourceSender)} once; the connector pushes records. */
    STREAMING
}
