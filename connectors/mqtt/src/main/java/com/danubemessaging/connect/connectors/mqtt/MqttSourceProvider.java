package com.danubemessaging.connect.connectors.mqtt;

import com.danubemessaging.connect.api.ConnectorProvider;

/** Registers {@link MqttSource} as the built-in connector {@code source-mqtt}. */
public final class MqttSourceProvider implements ConnectorProvider {
    @Override
    public String id() {
        return "source-mqtt";
    }

    @Override
    public Object create() {
        return new MqttSource();
    }
}
