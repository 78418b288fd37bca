package com.danubemessaging.connect.connectors.pgvector;

import com.danubemessaging.connect.api.ConnectorProvider;

/** Registers {@link PgVectorSink} as the built-in connector {@code sink-pgvector}. */
public final class PgVectorSinkProvider implements ConnectorProvider {
    @Override
    public String id() {
        return "sink-pgvector";
    }

    @Override
    public Object create() {
        return new PgVectorSink();
    }
}
