package com.danubemessaging.connect.connectors.kafka;

import com.danubemessaging.connect.api.ProducerConfig;
import java.util.regex.Pattern;

/**
 * One {@code [[kafka.routes]]} entry: the Kafka topics it takes (one exact name, or every topic a regular expression
 * matches in full) and the Danube topic they go to.
 *
 * @param from             the exact Kafka topic, or null when {@code fromPattern} is set
 * @param fromPattern      a Java regular expression that must match the whole Kafka topic name, or null
 * @param to               the Danube topic, {@code /namespace/topic}
 * @param partitions       partitions of the Danube topic, 0 = not partitioned
 * @param reliableDispatch whether the Danube topic is reliable (stored before dispatch)
 */
public record KafkaRoute(String from, Pattern fromPattern, String to, int partitions, boolean reliableDispatch) {

    /** True when this route takes records of {@code kafkaTopic}. */
    boolean matches(String kafkaTopic) {
        return from != null ? from.equals(kafkaTopic) : fromPattern.matcher(kafkaTopic).matches();
    }

    /** The producer the runtime creates for {@link #to}. */
    ProducerConfig producerConfig() {
        return ProducerConfig.of(to, partitions, reliableDispatch);
    }

    /** How the route is named in logs: {@code orders -> /default/orders}. */
    String describe() {
        return (from != null ? from : "/" + fromPattern.pattern() + "/") + " -> " + to;
    }
}
