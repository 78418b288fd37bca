package com.danubemessaging.connect.connectors.kafka;

import com.danubemessaging.connect.api.ConnectorProvider;

/** Registers {@link KafkaSource} as the built-in connector {@code source-kafka}. */
public final class KafkaSourceProvider implements ConnectorProvider {
    @Override
    public String id() {
        return "source-kafka";
    }

    @Override
    public Object create() {
        return new KafkaSource();
    }
}
