package com.danubemessaging.connect.testkit;

import io.grpc.Status;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Danube topic-name rules: exactly {@code /namespace/topic}, partitions named {@code {base}-part-{i}}. */
final class TopicNames {

    private static final Pattern PARTITION = Pattern.compile("^(.*)-part-(\\d+)$");

    private TopicNames() {
    }

    /** Same check as the broker's {@code validate_topic_format}: three '/'-parts, the last two non-empty words. */
    static void validate(String topic) {
        String[] parts = topic == null ? new String[0] : topic.split("/", -1);
        boolean valid = parts.length == 3 && parts[0].isEmpty() && isSegment(parts[1]) && isSegment(parts[2]);
        if (!valid) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("The topic: " + topic
                            + " has an invalid format, should be: /namespace_name/topic_name")
                    .asRuntimeException();
        }
    }

    static boolean isSegment(String segment) {
        if (segment.isEmpty()) {
            return false;
        }
        return segment.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-');
    }

    static String namespace(String topic) {
        return topic.split("/", -1)[1];
    }

    static String partition(String base, int index) {
        return base + "-part-" + index;
    }

    /** The base name if {@code topic} is a partition ({@code …-part-N}), else null. */
    static String partitionBase(String topic) {
        Matcher m = PARTITION.matcher(topic);
        return m.matches() ? m.group(1) : null;
    }

    static OptionalInt partitionIndex(String topic) {
        Matcher m = PARTITION.matcher(topic);
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(2))) : OptionalInt.empty();
    }
}
