package com.danubemessaging.connect.api;

import java.util.Objects;
import java.util.Optional;

/**
 * One Danube topic a source writes to. The runtime creates one producer per config, named
 * {@code {connector_name}-{topic with '/' replaced by '-'}}; {@link SourceRecord#topic()} must equal one of
 * the configured topics.
 *
 * @param topic            {@code /namespace/topic}
 * @param partitions       0 for a non-partitioned topic, n for n partitions ({@code {topic}-part-{i}})
 * @param reliableDispatch true for Danube's reliable (persisted, redelivered) dispatch
 * @param schemaSubject    optional registry subject whose latest version the producer attaches when no
 *                         {@code [[schemas]]} entry exists for the topic (a {@code [[schemas]]} entry wins); may be null
 */
public record ProducerConfig(String topic, int partitions, boolean reliableDispatch, String schemaSubject) {

    public ProducerConfig {
        if (topic == null || topic.isBlank()) {
            throw new ConfigurationException("producer topic must not be blank");
        }
        if (partitions < 0) {
            throw new ConfigurationException("producer partitions for " + topic + " must be >= 0, got " + partitions);
        }
    }

    /** A non-partitioned, reliable producer without a schema subject. */
    public static ProducerConfig of(String topic) {
        return new ProducerConfig(topic, 0, true, null);
    }

    /** Same as danube-connect-core's {@code ProducerConfig::new(topic, partitions, reliable)}. */
    public static ProducerConfig of(String topic, int partitions, boolean reliableDispatch) {
        return new ProducerConfig(topic, partitions, reliableDispatch, null);
    }

    /** A copy attaching the latest version of {@code subject}. */
    public ProducerConfig withSchemaSubject(String subject) {
        return new ProducerConfig(topic, partitions, reliableDispatch, Objects.requireNonNull(subject, "subject"));
    }

    /** The schema subject, if set. */
    public Optional<String> schemaSubjectIfPresent() {
        return Optional.ofNullable(schemaSubject);
    }
}
