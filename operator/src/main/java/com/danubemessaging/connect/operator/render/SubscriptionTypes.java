package com.danubemessaging.connect.operator.render;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the subscription types a sink's {@code spec.config} asks for. Every built-in sink names its type with the key
 * {@code subscription_type} (in its table or in each route) and defaults to Shared, so scanning the tree for that key
 * finds them all, including custom connectors that follow the same convention.
 */
final class SubscriptionTypes {

    private static final Set<String> SINGLE_CONSUMER = Set.of("exclusive", "failover");

    private SubscriptionTypes() {
    }

    /** Whether any {@code subscription_type} in the config is Exclusive or Failover (case-insensitive). */
    static boolean usesSingleConsumer(Object config) {
        if (config instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if ("subscription_type".equals(e.getKey()) && e.getValue() instanceof String type
                        && SINGLE_CONSUMER.contains(type.toLowerCase(Locale.ROOT))) {
                    return true;
                }
                if (usesSingleConsumer(e.getValue())) {
                    return true;
                }
            }
        } else if (config instanceof List<?> list) {
            for (Object item : list) {
                if (usesSingleConsumer(item)) {
                    return true;
                }
            }
        }
        return false;
    }
}
