package com.danubemessaging.connect.api;

import java.util.List;
import java.util.Optional;

/**
 * One Danube topic a sink reads from. The runtime appends the instance id to the consumer name
 * ({@code {consumerName}-{instanceId}}) so that replicas of a sink share a {@link SubscriptionType#SHARED}
 * subscription instead of taking over one another.
 *
 * @param topic                 {@code /namespace/topic} (the logical topic, partitions are followed automatically)
 * @param consumerName          the consumer name before the instance id is appended
 * @param subscription          the subscription name shared by all replicas
 * @param subscriptionType      how messages are spread among consumers
 * @param expectedSchemaSubject optional: messages whose schema has another subject are invalid data; may be null
 * @param keyFilters            KeyShared only: routing-key filters (glob patterns); empty for all keys
 */
public record ConsumerConfig(String topic, String consumerName, String subscription, SubscriptionType subscriptionType,
                             String expectedSchemaSubject, List<String> keyFilters) {

    public ConsumerConfig {
        requireText(topic, "consumer topic");
        requireText(consumerName, "consumer name for " + topic);
        requireText(subscription, "subscription for " + topic);
        if (subscriptionType == null) {
            subscriptionType = SubscriptionType.SHARED;
        }
        keyFilters = keyFilters == null ? List.of() : List.copyOf(keyFilters);
    }

    /** A config without an expected schema subject and without key filters. */
    public static ConsumerConfig of(String topic, String consumerName, String subscription, SubscriptionType type) {
        return new ConsumerConfig(topic, consumerName, subscription, type, null, List.of());
    }

    /** A copy that requires messages' schemas to have {@code subject}. */
    public ConsumerConfig withExpectedSchemaSubject(String subject) {
        return new ConsumerConfig(topic, consumerName, subscription, subscriptionType, subject, keyFilters);
    }

    /** A copy with KeyShared key filters. */
    public ConsumerConfig withKeyFilters(List<String> filters) {
        return new ConsumerConfig(topic, consumerName, subscription, subscriptionType, expectedSchemaSubject, filters);
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
