package com.danubemessaging.connect.runtime;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SubscriptionType;
import java.util.List;

/** A test sink reading one topic on a Shared subscription; subclasses decide what a batch does. */
abstract class SharedSubscriptionSink implements SinkConnector {
    final String topic;
    final String subscription;
    private final String consumerName;
    /** Partitions the sink creates its topic with when it starts first (it must match the source's). */
    int partitions;

    SharedSubscriptionSink(String topic, String consumerName, String subscription) {
        this.topic = topic;
        this.consumerName = consumerName;
        this.subscription = subscription;
    }

    @Override
    public void initialize(ConnectorConfig config) {
    }

    @Override
    public List<ConsumerConfig> consumerConfigs() {
        return List.of(ConsumerConfig.of(topic, consumerName, subscription, SubscriptionType.SHARED)
                .withTopicLayout(partitions, true));
    }
}
