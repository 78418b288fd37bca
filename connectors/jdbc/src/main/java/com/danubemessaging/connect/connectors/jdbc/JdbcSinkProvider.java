package com.danubemessaging.connect.connectors.jdbc;

import com.danubemessaging.connect.api.ConnectorProvider;

/** Registers {@link JdbcSink} as the built-in connector {@code sink-jdbc}. */
public final class JdbcSinkProvider implements ConnectorProvider {
    @Override
    public String id() {
        return "sink-jdbc";
    }

    @Override
    public Object create() {
        return new JdbcSink();
    }
}
