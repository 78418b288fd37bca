package com.danubemessaging.connect.client;

import io.grpc.Status;
import java.util.List;
import java.util.Set;

/** Settings of a {@link Consumer}; {@link #subscribe()} returns at once and connects in the background. */
public final class ConsumerBuilder {

    private final ClientContext context;
    private final Set<AutoCloseable> owner;
    private String topic;
    private String name;
    private String subscription;
    private SubscriptionType type = SubscriptionType.SHARED;
    private List<String> keyFilters = List.of();
    private int receiveBuffer = 1000;

    ConsumerBuilder(ClientContext context, Set<AutoCloseable> owner) {
        this.context = context;
        this.owner = owner;
    }

    public ConsumerBuilder topic(String topicName) {
        this.topic = topicName;
        return this;
    }

    /** Consumer name; must be unique per replica (the same name on a subscription takes the other one over). */
    public ConsumerBuilder name(String consumerName) {
        this.name = consumerName;
        return this;
    }

    public ConsumerBuilder subscription(String subscriptionName) {
        this.subscription = subscriptionName;
        return this;
    }

    public ConsumerBuilder type(SubscriptionType subscriptionType) {
        this.type = subscriptionType;
        return this;
    }

    /** Glob patterns on the routing key; KeyShared subscriptions only. */
    public ConsumerBuilder keyFilters(List<String> filters) {
        this.keyFilters = List.copyOf(filters);
        return this;
    }

    /** Messages buffered locally at most; beyond that the streams stop asking the broker for more. */
    public ConsumerBuilder receiveBuffer(int messages) {
        if (messages < 1) {
            throw new IllegalArgumentException("receiveBuffer must be >= 1, got " + messages);
        }
        this.receiveBuffer = messages;
        return this;
    }

    public Consumer subscribe() {
        TopicNames.requireValid(topic);
        if (name == null || name.isBlank()) {
            throw new DanubeClientException(Status.Code.INVALID_ARGUMENT, "Consumer name is missing");
        }
        if (subscription == null || subscription.isBlank()) {
            throw new DanubeClientException(Status.Code.INVALID_ARGUMENT, "Subscription name is missing");
        }
        if (type == null) {
            throw new DanubeClientException(Status.Code.INVALID_ARGUMENT, "Subscription type is missing");
        }
        if (!keyFilters.isEmpty() && type != SubscriptionType.KEY_SHARED) {
            throw new DanubeClientException(Status.Code.INVALID_ARGUMENT,
                    "Key filters need a KEY_SHARED subscription, not " + type);
        }
        MultiTopicConsumer consumer = new MultiTopicConsumer(context,
                new ConsumerSettings(topic, name, subscription, type, keyFilters, receiveBuffer), owner::remove);
        owner.add(consumer);
        consumer.start();
        return consumer;
    }

    /** The settings shared by the per-partition consumers. */
    record ConsumerSettings(String topic, String name, String subscription, SubscriptionType type,
                            List<String> keyFilters, int receiveBuffer) {
    }
}
