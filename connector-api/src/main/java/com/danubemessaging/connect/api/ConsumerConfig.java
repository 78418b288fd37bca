package com.danubemessaging.connect.api;

import java.util.List;
import java.util.Optional;

/**
 * One Danube topic a sink reads from. For {@link SubscriptionType#SHARED} and {@link SubscriptionType#KEY_SHARED}
 * the runtime appends the instance id to the consumer name ({@code {consumerName}-{instanceId}}) so that replicas
 * share the subscription instead of taking over one another; for {@link SubscriptionType#EXCLUSIVE} and
 * {@link SubscriptionType#FAILOVER} the name stays as given, because a Danube broker keeps an Exclusive or Failover
 * subscription for the first consumer name it saw (a restarted pod must come back under the same name).
 *
 * <p>When the topic does not exist yet the runtime creates it before subscribing, with {@code partitions} and
 * {@code reliableDispatch} (a Danube subscription starts at the latest message, so a sink that subscribed after its
 * source published would miss those records). A topic that exists with the other dispatch strategy is an error.
 *
 * @param topic                 {@code /namespace/topic} (the logical topic, partitions are followed automatically)
 * @param consumerName          the consumer name before any instance id is appended
 * @param subscription          the subscription name shared by all replicas
 * @param subscriptionType      how messages are spread among consumers
 * @param expectedSchemaSubject optional: messages whose schema has another subject are invalid data; may be null
 * @param keyFilters            KeyShared only: routing-key filters (glob patterns); empty for all keys
 * @param partitions            partitions to create the topic with when it is missing; 0 (default) = not partitioned
 * @param reliableDispatch      dispatch strategy to create (and expect) the topic with; default true (reliable)
 */
public record ConsumerConfig(String topic, String consumerName, String subscription, SubscriptionType subscriptionType,
                             String expectedSchemaSubject, List<String> keyFilters, int partitions,
                             boolean reliableDispatch) {

    public ConsumerConfig {
        requireText(topic, "consumer topic");
        requireText(consumerName, "consumer name for " + topic);
        requireText(subscription, "subscription for " + topic);
        if (subscriptionType == null) {
            subscriptionType = SubscriptionType.SHARED;
        }
        keyFilters = keyFilters == null ? List.of() : List.copyOf(keyFilters);
        if (partitions < 0) {
            throw new ConfigurationException("partitions for " + topic + " must be >= 0, got " + partitions);
        }
    }

    /** The config of earlier versions: a topic created, when missing, reliable and not partitioned. */
    public ConsumerConfig(String topic, String consumerName, String subscription, SubscriptionType subscriptionType,
                          String expectedSchemaSubject, List<String> keyFilters) {
        this(topic, consumerName, subscription, subscriptionType, expectedSchemaSubject, keyFilters, 0, true);
    }

    /** A config without an expected schema subject and without key filters. */
    public static ConsumerConfig of(String topic, String consumerName, String subscription, SubscriptionType type) {
        return new ConsumerConfig(topic, consumerName, subscription, type, null, List.of());
    }

    /** A copy that requires messages' schemas to have {@code subject}. */
    public ConsumerConfig withExpectedSchemaSubject(String subject) {
        return new ConsumerConfig(topic, consumerName, subscription, subscriptionType, subject, keyFilters,
                partitions, reliableDispatch);
    }

    /** A copy with KeyShared key filters. */
    public ConsumerConfig withKeyFilters(List<String> filters) {
        return new ConsumerConfig(topic, consumerName, subscription, subscriptionType, expectedSchemaSubject, filters,
                partitions, reliableDispatch);
    }

    /** A copy that creates a missing topic with {@code partitions} and this dispatch strategy. */
    public ConsumerConfig withTopicLayout(int partitions, boolean reliableDispatch) {
        return new ConsumerConfig(topic, consumerName, subscription, subscriptionType, expectedSchemaSubject,
                keyFilters, partitions, reliableDispatch);
    }

    /** The expected schema subject, if set. */
    public Optional<String> expectedSchemaSubjectIfPresent() {
        return Optional.ofNullable(expectedSchemaSubject);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(what + " must not be blank");
        }
    }
}
