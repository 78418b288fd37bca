package com.danubemessaging.connect.connectors.common;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ProducerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The producers of a connector whose routes name Danube topics: one per distinct topic, in route order. Routes that
 * share a topic must agree on its shape, since one producer serves them all.
 */
public final class RouteTopics {
    private RouteTopics() {
    }

    /**
     * @param perRoute the producer of each route, in route order
     * @param routeKey the config key of route {@code i}, for errors (e.g. {@code mqtt.routes[3]})
     * @throws ConfigurationException when two routes to one topic disagree on partitions or reliable dispatch
     */
    public static List<ProducerConfig> distinct(List<ProducerConfig> perRoute, IntFunction<String> routeKey) {
        Map<String, Integer> firstRoute = new LinkedHashMap<>();
        Map<String, ProducerConfig> byTopic = new LinkedHashMap<>();
        for (int i = 0; i < perRoute.size(); i++) {
            ProducerConfig p = perRoute.get(i);
            ProducerConfig first = byTopic.putIfAbsent(p.topic(), p);
            if (first == null) {
                firstRoute.put(p.topic(), i);
            } else if (first.partitions() != p.partitions() || first.reliableDispatch() != p.reliableDispatch()) {
                throw new ConfigurationException(routeKey.apply(i) + ": routes to the same topic " + p.topic()
                        + " must agree on partitions and reliable_dispatch; " + routeKey.apply(firstRoute.get(p.topic()))
                        + " has partitions = " + first.partitions() + ", reliable_dispatch = "
                        + first.reliableDispatch() + ", this one partitions = " + p.partitions()
                        + ", reliable_dispatch = " + p.reliableDispatch());
            }
        }
        return List.copyOf(byTopic.values());
    }
}
