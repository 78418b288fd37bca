package com.danubemessaging.connect.connectors.common;

import com.danubemessaging.connect.api.ConfigKeys;
import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.SubscriptionType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys every sink route shares with the Rust sinks' {@code [[…routes]]}: which topic is read, on which
 * subscription.
 *
 * @param topic                 {@code from}: {@code /namespace/topic} to consume
 * @param subscription          {@code subscription}: the subscription name replicas share
 * @param subscriptionType      {@code subscription_type}: default {@code Shared}
 * @param consumerName          {@code consumer_name}: default {@code {connector_name}-{subscription}} (the runtime
 *                              appends the instance id)
 * @param expectedSchemaSubject {@code expected_schema_subject}: optional; messages with another schema subject are
 *                              invalid data
 */
public record SinkRoute(String topic, String subscription, SubscriptionType subscriptionType, String consumerName,
                        Optional<String> expectedSchemaSubject) {

    /** Reads {@code from}, {@code subscription}, {@code subscription_type}, {@code consumer_name}, {@code expected_schema_subject}. */
    public static SinkRoute read(ConfigTable route, String connectorName) {
        String topic = ConfigKeys.topic(route.requiredString("from"), route.key("from"));
        String subscription = route.requiredString("subscription");
        SubscriptionType type;
        try {
            type = SubscriptionType.parse(route.string("subscription_type", "Shared"));
        } catch (ConfigurationException e) {
            throw new ConfigurationException(route.key("subscription_type") + ": " + e.getMessage(), e);
        }
        String consumerName = route.string("consumer_name", connectorName + "-" + subscription);
        return new SinkRoute(topic, subscription, type, consumerName, route.string("expected_schema_subject"));
    }

    /** The runtime's view of this route. */
    public ConsumerConfig consumerConfig() {
        ConsumerConfig config = ConsumerConfig.of(topic, consumerName, subscription, subscriptionType);
        return expectedSchemaSubject.map(config::withExpectedSchemaSubject).orElse(config);
    }

    /**
     * A record names only its topic, not its subscription, so one topic can feed only one route of a sink.
     *
     * @param keyOf the key path of route {@code i} for the error message
     * @throws ConfigurationException naming both routes when a topic appears twice
     */
    public static void requireDistinctTopics(List<SinkRoute> routes, java.util.function.IntFunction<String> keyOf) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < routes.size(); i++) {
            Integer first = seen.putIfAbsent(routes.get(i).topic(), i);
            if (first != null) {
                throw new ConfigurationException(keyOf.apply(i) + ".from: topic " + routes.get(i).topic()
                        + " is already read by " + keyOf.apply(first) + "; a topic can feed one route only");
            }
        }
    }
}
