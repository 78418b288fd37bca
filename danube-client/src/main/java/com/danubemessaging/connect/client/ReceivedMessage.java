package com.danubemessaging.connect.client;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A message delivered to a {@link Consumer}.
 *
 * @param topic          the logical (base) topic the consumer subscribed to
 * @param partitionTopic the topic the message came from ({@code {topic}-part-{i}} for partitioned topics)
 * @param partition      the partition index, empty for a non-partitioned topic
 */
public record ReceivedMessage(
        byte[] payload,
        Map<String, String> attributes,
        MessageId messageId,
        String topic,
        String partitionTopic,
        OptionalInt partition,
        long publishTimeMillis,
        String producerName,
        Optional<String> routingKey,
        OptionalLong schemaId,
        OptionalInt schemaVersion) {
}
