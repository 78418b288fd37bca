package com.danubemessaging.connect.connectors.postgrescdc;

import com.danubemessaging.connect.api.ConnectorProvider;

/** Registers {@link PostgresCdcSource} as the built-in connector {@code source-postgres-cdc}. */
public final class PostgresCdcSourceProvider implements ConnectorProvider {
    @Override
    public String id() {
        return "source-postgres-cdc";
    }

    @Override
    public Object create() {
        return new PostgresCdcSource();
    }
}
