package com.danubemessaging.connect.connectors.deltalake;

import com.danubemessaging.connect.api.ConnectorProvider;

/** Registers {@link DeltaLakeSink} as the built-in connector {@code sink-deltalake}. */
public final class DeltaLakeSinkProvider implements ConnectorProvider {
    @Override
    public String id() {
        return "sink-deltalake";
    }

    @Override
    public Object create() {
        return new DeltaLakeSink();
    }
}
