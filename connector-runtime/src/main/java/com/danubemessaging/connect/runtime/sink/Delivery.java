package com.danubemessaging.connect.runtime.sink;

import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.client.Consumer;
import com.danubemessaging.connect.client.ReceivedMessage;

/** A received message with the consumer (for ack/nack) and the config it came through. */
record Delivery(Consumer consumer, ConsumerConfig config, ReceivedMessage message) {

    /** The logical topic, the {@code topic} metric label. */
    String topic() {
        return config.topic();
    }
}
