package com.danubemessaging.connect.client;

import io.grpc.Status;
import java.util.regex.Pattern;

/** Danube topic names: exactly {@code /namespace/topic}, each part alphanumeric, '_' or '-'. */
final class TopicNames {

    private static final Pattern VALID = Pattern.compile("/[\\p{IsAlphabetic}\\p{IsDigit}_-]+/[\\p{IsAlphabetic}\\p{IsDigit}_-]+");
    private static final Pattern PARTITION_SUFFIX = Pattern.compile("-part-(\\d+)$");

    private TopicNames() {
    }

    static String requireValid(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new DanubeClientException(Status.Code.INVALID_ARGUMENT, "Topic name is missing");
        }
        if (!VALID.matcher(topic).matches()) {
            throw new DanubeClientException(Status.Code.INVALID_ARGUMENT, "Invalid topic name '" + topic
                    + "': must be /namespace/topic with letters, digits, '_' or '-' in each part");
        }
        return topic;
    }

    static String partition(String baseTopic, int index) {
        return baseTopic + "-part-" + index;
    }

    /** The partition index of {@code partitionTopic} if it is a partition of {@code baseTopic}, else -1. */
    static int partitionIndex(String baseTopic, String partitionTopic) {
        if (!partitionTopic.startsWith(baseTopic + "-part-")) {
            return -1;
        }
        var m = PARTITION_SUFFIX.matcher(partitionTopic);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
