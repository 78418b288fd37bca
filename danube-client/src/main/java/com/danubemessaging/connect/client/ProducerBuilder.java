package com.danubemessaging.connect.client;

import io.grpc.Status;
import java.util.Set;
import java.util.UUID;

/** Settings of a {@link Producer}; {@link #create()} registers it with the broker (blocking). */
public final class ProducerBuilder {

    private final ClientContext context;
    private final Set<AutoCloseable> owner;
    private String topic;
    private String name;
    private int partitions;
    private boolean reliable;
    private SchemaRef schema;
    private int maxInFlight = 256;

    ProducerBuilder(ClientContext context, Set<AutoCloseable> owner) {
        this.context = context;
        this.owner = owner;
    }

    public ProducerBuilder topic(String topicName) {
        this.topic = topicName;
        return this;
    }

    /** The producer name; the broker returns the same producer id for the same name, so reconnects are seamless. */
    public ProducerBuilder name(String producerName) {
        this.name = producerName;
        return this;
    }

    /** 0 = non-partitioned; n creates {@code {topic}-part-{i}} with producers {@code {name}-{i}}. */
    public ProducerBuilder partitions(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("partitions must be >= 0, got " + count);
        }
        this.partitions = count;
        return this;
    }

    /** Reliable (WAL-backed, at-least-once) or non-reliable dispatch; fixed when the topic is created. */
    public ProducerBuilder reliable(boolean reliableDispatch) {
        this.reliable = reliableDispatch;
        return this;
    }

    public ProducerBuilder schema(SchemaRef ref) {
        this.schema = ref;
        return this;
    }

    /**
     * How many sends may await the broker's answer at once, per partition (default 256). 1 keeps strict order within
     * a partition; a larger window is faster but only keeps messages {@code window} or more apart in order (see
     * {@link Producer}).
     */
    public ProducerBuilder maxInFlight(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1, got " + window);
        }
        this.maxInFlight = window;
        return this;
    }

    /** Creates the producer on every partition; throws {@link DanubeClientException} naming the cause. */
    public Producer create() {
        TopicNames.requireValid(topic);
        if (name != null && name.isBlank()) {
            throw new DanubeClientException(Status.Code.INVALID_ARGUMENT, "Producer name must not be blank");
        }
        String producerName = name != null ? name : "producer-" + UUID.randomUUID();
        PartitionedProducer producer = PartitionedProducer.create(context, topic, producerName, partitions, reliable,
                schema, maxInFlight, owner::remove);
        owner.add(producer);
        return producer;
    }
}
