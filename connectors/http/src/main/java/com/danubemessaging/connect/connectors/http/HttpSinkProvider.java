package com.danubemessaging.connect.connectors.http;

import com.danubemessaging.connect.api.ConnectorProvider;

/** Registers {@link HttpSink} as the built-in connector {@code sink-http}. */
public final class HttpSinkProvider implements ConnectorProvider {
    @Override
    public String id() {
        return "sink-http";
    }

    @Override
    public Object create() {
        return new HttpSink();
    }
}
