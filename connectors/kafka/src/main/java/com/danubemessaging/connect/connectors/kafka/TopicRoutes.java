package com.danubemessaging.connect.connectors.kafka;

import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.ProducerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kafka topic → Danube topic: the first route (in file order) whose {@code from} or {@code from_pattern} matches. The
 * consumer subscribes to exactly the union of the routes, so every record it receives has a route.
 */
final class TopicRoutes {
    private final List<KafkaRoute> routes;
    private final Map<String, KafkaRoute> resolved = new HashMap<>();

    TopicRoutes(List<KafkaRoute> routes) {
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("at least one route");
        }
        this.routes = List.copyOf(routes);
    }

    /**
     * The Danube topic of a Kafka topic.
     *
     * @throws FatalException for a topic no route matches (the subscription is the union of the routes, so this
     *                        means the consumer was subscribed to something else)
     */
    String danubeTopic(String kafkaTopic) {
        KafkaRoute route = resolved.computeIfAbsent(kafkaTopic, t -> routes.stream().filter(r -> r.matches(t))
                .findFirst().orElse(null));
        if (route == null) {
            resolved.remove(kafkaTopic);
            throw new FatalException("kafka topic '" + kafkaTopic + "' matches no route of kafka.routes");
        }
        return route.to();
    }

    /** The exact topic names when no route uses a pattern; then the consumer subscribes by name. */
    Optional<List<String>> exactTopics() {
        List<String> names = new ArrayList<>();
        for (KafkaRoute r : routes) {
            if (r.from() == null) {
                return Optional.empty();
            }
            if (!names.contains(r.from())) {
                names.add(r.from());
            }
        }
        return Optional.of(names);
    }

    /** One pattern matching the union of all routes, for a subscription by pattern. */
    Pattern subscriptionPattern() {
        StringBuilder union = new StringBuilder();
        for (KafkaRoute r : routes) {
            if (union.length() > 0) {
                union.append('|');
            }
            union.append("(?:").append(r.from() != null ? Pattern.quote(r.from()) : r.fromPattern().pattern())
                    .append(')');
        }
        return Pattern.compile(union.toString());
    }

    /** One producer per distinct Danube topic, in route order. */
    List<ProducerConfig> producerConfigs() {
        Map<String, ProducerConfig> byTopic = new LinkedHashMap<>();
        routes.forEach(r -> byTopic.putIfAbsent(r.to(), r.producerConfig()));
        return List.copyOf(byTopic.values());
    }

    List<KafkaRoute> routes() {
        return routes;
    }
}
