package com.danubemessaging.connect.testkit;

import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.proto.StreamMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A topic (or one partition of a partitioned topic). Only touched under the broker lock. */
final class Topic {

    /** How many recent messages a non-reliable topic keeps for introspection (they are not redelivered). */
    static final int NON_RELIABLE_HISTORY = 10_000;

    final String name;
    final DispatchStrategy strategy;
    final Map<String, Long> producerIdsByName = new HashMap<>();
    final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    /** Reliable topics: every message, index = topic_offset (the "WAL"). */
    final List<StreamMessage> log = new ArrayList<>();
    /** Non-reliable topics: the most recent messages, for tests to inspect. */
    final ArrayDeque<StreamMessage> recent = new ArrayDeque<>();
    long published;

    Topic(String name, DispatchStrategy strategy) {
        this.name = name;
        this.strategy = strategy;
    }

    boolean reliable() {
        return strategy == DispatchStrategy.Reliable;
    }

    void store(StreamMessage message) {
        published++;
        if (reliable()) {
            log.add(message);
        } else {
            if (recent.size() >= NON_RELIABLE_HISTORY) {
                recent.poll();
            }
            recent.add(message);
        }
    }

    List<StreamMessage> messages() {
        return reliable() ? List.copyOf(log) : List.copyOf(recent);
    }
}
