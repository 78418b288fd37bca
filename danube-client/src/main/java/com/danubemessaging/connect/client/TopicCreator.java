package com.danubemessaging.connect.client;

import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.proto.ProducerAccessMode;
import com.danubemessaging.connect.proto.ProducerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a topic through the client port, the only way a client can: consumers never create topics, producers do
 * (danube {@code broker_server/producer_handler.rs} {@code get_topic(…, allow_auto_create = true)}), with the
 * dispatch strategy they ask for. Registering a producer on an existing topic is also how the broker checks a
 * dispatch strategy ("Producer requested dispatch strategy does not match topic strategy", FAILED_PRECONDITION).
 * The producer registration stays on the broker (the protocol has no close); it never sends.
 */
final class TopicCreator {

    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

    private final ClientContext context;

    TopicCreator(ClientContext context) {
        this.context = context;
    }

    EnsuredTopic ensure(String topic, int partitions, boolean reliable, String producerName) {
        TopicNames.requireValid(topic);
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be >= 0, got " + partitions);
        }
        List<String> existing = context.withRetries("find partitions", topic, () -> context.partitions(topic));
        if (existing.isEmpty()) {
            List<String> layout = layout(topic, partitions);
            for (int i = 0; i < layout.size(); i++) {
                register(layout.get(i), guardName(producerName, partitions, i), reliable);
            }
            LOG.info("Created topic {} ({}, {})", topic, reliable ? "reliable" : "non-reliable",
                    partitions == 0 ? "not partitioned" : partitions + " partitions");
            return new EnsuredTopic(topic, layout, true, Optional.empty());
        }
        for (int i = 0; i < existing.size(); i++) {
            try {
                register(existing.get(i), guardName(producerName, existing.size() == 1 ? 0 : existing.size(), i),
                        reliable);
            } catch (DanubeClientException e) {
                if (!e.isRefusal()) {
                    throw e;
                }
                return new EnsuredTopic(topic, existing, false, Optional.of(e));
            }
        }
        return new EnsuredTopic(topic, existing, false, Optional.empty());
    }

    private void register(String topic, String name, boolean reliable) {
        ProducerRequest.Builder request = ProducerRequest.newBuilder()
                .setProducerName(name)
                .setTopicName(topic)
                .setProducerAccessMode(ProducerAccessMode.Shared)
                .setDispatchStrategy(reliable ? DispatchStrategy.Reliable : DispatchStrategy.NonReliable);
        context.withRetries("create topic with producer '" + name + "'", topic,
                () -> context.createProducer(topic, request));
    }

    private static List<String> layout(String topic, int partitions) {
        if (partitions == 0) {
            return List.of(topic);
        }
        List<String> names = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            names.add(TopicNames.partition(topic, i));
        }
        return names;
    }

    /** Partition producers are {@code {name}-{i}}, as the Rust client names them. */
    private static String guardName(String producerName, int partitions, int index) {
        return partitions == 0 ? producerName : producerName + "-" + index;
    }
}
