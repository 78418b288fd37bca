package com.example.heartbeat;

import com.danubemessaging.connect.api.ConnectorProvider;

/**
 * Registers the id {@code source-heartbeat} (META-INF/services/com.danubemessaging.connect.api.ConnectorProvider):
 * {@code DANUBE_CONNECTOR=source-heartbeat}, or on Kubernetes the class name of {@link HeartbeatSource} in
 * {@code spec.connectorClass}.
 */
public final class HeartbeatSourceProvider implements ConnectorProvider {

    @Override
    public String id() {
        return "source-heartbeat";
    }

    @Override
    public Object create() {
        return new HeartbeatSource();
    }
}
