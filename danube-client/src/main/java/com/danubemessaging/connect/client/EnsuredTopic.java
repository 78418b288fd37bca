package com.danubemessaging.connect.client;

import java.util.List;
import java.util.Optional;

/**
 * What {@link DanubeClient#ensureTopic} found or did.
 *
 * @param topic       the topic asked for
 * @param topics      the topics behind it: {@code [topic]}, or its {@code -part-N} partitions in order
 * @param created     true when this call created them
 * @param unverified  when the topic existed and the broker did not let this client check its dispatch strategy
 *                    (the check registers a producer, which needs Produce permission), why
 */
public record EnsuredTopic(String topic, List<String> topics, boolean created,
                           Optional<DanubeClientException> unverified) {

    public EnsuredTopic {
        topics = List.copyOf(topics);
    }
}
