package com.danubemessaging.connect.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Danube side of one sink route, in the vocabulary of the Rust sinks ({@code [[qdrant.routes]]},
 * {@code [[surrealdb.routes]]}, …): {@code from} (the topic), {@code subscription}, {@code subscription_type},
 * plus {@code consumer_name} and {@code expected_schema_subject}. The connector reads its own keys of the route
 * ({@code to}, …) beside these.
 *
 * @param from                  {@code from}: the {@code /namespace/topic} to consume (required)
 * @param subscription          {@code subscription}: the subscription name replicas share (required)
 * @param subscriptionType      {@code subscription_type}: default {@code Shared}, so replicas split the work
 * @param consumerName          {@code consumer_name}: default {@code {connector_name}-{subscription}}; the runtime
 *                              appends the instance id
 * @param expectedSchemaSubject {@code expected_schema_subject}: optional; messages with another schema subject are
 *                              invalid data
 */
public record SinkRoute(String from, String subscription, SubscriptionType subscriptionType, String consumerName,
                        String expectedSchemaSubject) {

    /** The keys of a route that this record reads. */
    public static final Set<String> KEYS = Set.of("from", "subscription", "subscription_type", "consumer_name",
            "expected_schema_subject");

    /** Reads one route of {@link #readAll}: the connector's own keys, beside the common ones already read. */
    @FunctionalInterface
    public interface Reader<R> {
        /**
         * @param index  the route's position in the array
         * @param key    how the route is named in messages, e.g. {@code jdbc.routes[0]}
         * @param route  the route's table
         * @param danube its common keys
         */
        R read(int index, String key, JsonNode route, SinkRoute danube);
    }

    /**
     * Reads {@code [[<table>.routes]]}: at least one route; per route, unknown keys (outside {@link #KEYS} and
     * {@code connectorKeys}) reported through {@link ConfigKeys#checkKnown}, the common keys ({@link #read}), then
     * the connector's own ({@code reader}); and no two routes of one topic ({@link #requireDistinctTopics}).
     *
     * @param config        the configuration
     * @param table         the connector's table, e.g. {@code jdbc}
     * @param connectorKeys the connector's own keys of a route, e.g. {@code to}
     * @param reader        reads those keys
     * @throws ConfigurationException naming the key and the reason
     */
    public static <R> List<R> readAll(ConnectorConfig config, String table, Set<String> connectorKeys,
                                      Reader<R> reader) {
        JsonNode routes = config.raw().path(table).path("routes");
        if (!routes.isArray() || routes.isEmpty()) {
            throw new ConfigurationException(table + ".routes: at least one [[" + table + ".routes]] entry is "
                    + "required (from, subscription, to)");
        }
        Set<String> known = new HashSet<>(KEYS);
        known.addAll(connectorKeys);
        List<R> result = new ArrayList<>();
        List<SinkRoute> common = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            String key = table + ".routes[" + i + "]";
            JsonNode route = routes.get(i);
            ConfigKeys.checkKnown(config, route, key, known);
            SinkRoute danube = read(route, key, config);
            common.add(danube);
            result.add(reader.read(i, key, route, danube));
        }
        requireDistinctTopics(common, table + ".routes");
        return List.copyOf(result);
    }

    /**
     * Reads the common keys of one route table.
     *
     * @param route       the route's table
     * @param key         how the route is named in messages, e.g. {@code jdbc.routes[0]}
     * @param config      for the default consumer name
     * @throws ConfigurationException naming the key and the reason
     */
    public static SinkRoute read(JsonNode route, String key, ConnectorConfig config) {
        String from = ConfigKeys.topic(text(route, "from", key), key + ".from");
        String subscription = ConfigKeys.required(text(route, "subscription", key), key + ".subscription");
        SubscriptionType type = ConfigKeys.subscriptionType(text(route, "subscription_type", key),
                key + ".subscription_type", SubscriptionType.SHARED);
        String consumerName = ConfigKeys.optional(text(route, "consumer_name", key));
        if (consumerName == null) {
            consumerName = config.connectorName() + "-" + subscription;
        }
        String expected = ConfigKeys.optional(text(route, "expected_schema_subject", key));
        return new SinkRoute(from, subscription, type, consumerName, expected);
    }

    /**
     * Refuses two routes with the same {@code from}: a {@link SinkRecord} carries its topic but not the
     * subscription it came through, so a sink routes by topic and could not tell the two routes' messages apart.
     *
     * @param routes the routes in file order
     * @param prefix the array's key, e.g. {@code jdbc.routes}
     * @throws ConfigurationException naming both routes
     */
    public static void requireDistinctTopics(List<SinkRoute> routes, String prefix) {
        for (int i = 0; i < routes.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (routes.get(j).from.equals(routes.get(i).from)) {
                    throw new ConfigurationException(prefix + "[" + i + "].from: " + routes.get(i).from
                            + " is already the topic of " + prefix + "[" + j + "]; each topic may feed one route "
                            + "(run a second connector to deliver one topic to two places)");
                }
            }
        }
    }

    /** The consumer the runtime opens for this route. */
    public ConsumerConfig consumerConfig() {
        ConsumerConfig config = ConsumerConfig.of(from, consumerName, subscription, subscriptionType);
        return expectedSchemaSubject == null ? config : config.withExpectedSchemaSubject(expectedSchemaSubject);
    }

    private static String text(JsonNode route, String field, String key) {
        JsonNode value = route.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new ConfigurationException(key + "." + field + ": expected a string (got "
                    + value.getNodeType().name().toLowerCase() + ")");
        }
        return value.textValue();
    }
}
