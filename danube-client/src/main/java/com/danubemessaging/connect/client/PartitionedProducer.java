package com.danubemessaging.connect.client;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** A producer over one topic or all partitions of a partitioned topic; routes by key (FNV-1a) or round-robin. */
final class PartitionedProducer implements Producer {

    private final String topic;
    private final int partitionCount;
    private final List<TopicProducer> partitions;
    private final AtomicLong roundRobin = new AtomicLong();
    private final Consumer<AutoCloseable> onClose;

    private PartitionedProducer(String topic, int partitionCount, List<TopicProducer> partitions,
                                Consumer<AutoCloseable> onClose) {
        this.topic = topic;
        this.partitionCount = partitionCount;
        this.partitions = partitions;
        this.onClose = onClose;
    }

    static PartitionedProducer create(ClientContext context, String topic, String name, int partitionCount,
                                      boolean reliable, SchemaRef schemaRef, int maxInFlight,
                                      Consumer<AutoCloseable> onClose) {
        SchemaResolver.ResolvedSchema schema = schemaRef == null
                ? null : SchemaResolver.resolve(new GrpcSchemaRegistryClient(context), schemaRef);
        List<TopicProducer> producers = new ArrayList<>();
        try {
            if (partitionCount == 0) {
                producers.add(new TopicProducer(context, topic, name, reliable, schemaRef, schema, maxInFlight));
            } else {
                for (int i = 0; i < partitionCount; i++) {
                    producers.add(new TopicProducer(context, TopicNames.partition(topic, i), name + "-" + i, reliable,
                            schemaRef, schema, maxInFlight));
                }
            }
            for (TopicProducer producer : producers) {
                producer.create();
            }
        } catch (RuntimeException e) {
            producers.forEach(TopicProducer::close);
            throw e;
        }
        return new PartitionedProducer(topic, partitionCount, List.copyOf(producers), onClose);
    }

    @Override
    public CompletableFuture<MessageId> sendAsync(OutgoingMessage message) {
        return route(message).enqueue(message);
    }

    @Override
    public MessageId send(OutgoingMessage message) {
        try {
            return sendAsync(message).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof DanubeClientException dce) {
                throw dce;
            }
            throw new DanubeClientException(Status.Code.UNKNOWN, "Send to " + topic + " failed: " + e.getCause(),
                    e.getCause());
        }
    }

    private TopicProducer route(OutgoingMessage message) {
        int n = partitions.size();
        if (n == 1) {
            return partitions.get(0);
        }
        int index = message.key()
                .map(key -> Fnv1a.partitionFor(key, n))
                .orElseGet(() -> (int) Long.remainderUnsigned(roundRobin.getAndIncrement(), n));
        return partitions.get(index);
    }

    @Override
    public void flush() {
        partitions.forEach(TopicProducer::flush);
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            partitions.forEach(TopicProducer::close);
            onClose.accept(this);
        }
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public int partitionCount() {
        return partitionCount;
    }
}
