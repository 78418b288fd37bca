package com.danubemessaging.connect.connectors.clickhouse;

import com.danubemessaging.connect.api.ConnectorProvider;

/** Registers {@link ClickHouseSink} as the built-in connector {@code sink-clickhouse}. */
public final class ClickHouseSinkProvider implements ConnectorProvider {
    @Override
    public String id() {
        return "sink-clickhouse";
    }

    @Override
    public Object create() {
        return new ClickHouseSink();
    }
}
