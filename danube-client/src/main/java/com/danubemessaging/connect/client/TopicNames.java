package com.danubemessaging.connect.client;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** Danube topic names: exactly {@code /namespace/topic}, each part alphanumeric, '_' or '-'. */
final class TopicNames {

    private static final Pattern VALID = Pattern.compile("/[\\p{IsAlphabetic}\\p{IsDigit}_-]+/[\\p{IsAlphabetic}\\p{IsDigit}_-]+");
    private static final Pattern PARTITION_INDEX = Pattern.compile("0|[1-9]\\d{0,8}");

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
        String prefix = baseTopic + "-part-";
        if (!partitionTopic.startsWith(prefix)) {
            return -1;
        }
        String index = partitionTopic.substring(prefix.length());
        return PARTITION_INDEX.matcher(index).matches() ? Integer.parseInt(index) : -1;
    }

    /**
     * The topics of {@code baseTopic} among what {@code TopicPartitions} answered: the topic itself, or its exact
     * {@code -part-N} partitions in index order. The broker answers from a prefix scan without a separator
     * (upstream {@code raft_store.rs} {@code get_childrens}), so the answer can hold siblings such as
     * {@code /default/orders-dlq} or {@code /default/orders2}: they are not partitions and are dropped.
     */
    static List<String> ownTopics(String baseTopic, List<String> scanned) {
        if (scanned.contains(baseTopic)) {
            return List.of(baseTopic);
        }
        List<String> partitions = new ArrayList<>();
        for (String topic : scanned) {
            if (partitionIndex(baseTopic, topic) >= 0) {
                partitions.add(topic);
            }
        }
        partitions.sort(Comparator.comparingInt(t -> partitionIndex(baseTopic, t)));
        return partitions;
    }
}
