package com.danubemessaging.connect.connectors.file;

import com.danubemessaging.connect.api.ConnectorProvider;

/** Registers {@link FileSink} as the built-in connector {@code sink-file}. */
public final class FileSinkProvider implements ConnectorProvider {
    @Override
    public String id() {
        return "sink-file";
    }

    @Override
    public Object create() {
        return new FileSink();
    }
}
