package com.danubemessaging.connect.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer over a topic's partitions: finds them (waiting in the background while the topic does not exist yet),
 * runs one {@link TopicConsumer} per partition and hands their messages over through one local buffer.
 */
final class MultiTopicConsumer implements com.danubemessaging.connect.client.Consumer {

    private static final Logger LOG = LoggerFactory.getLogger(MultiTopicConsumer.class);

    private final ClientContext context;
    private final ConsumerBuilder.ConsumerSettings settings;
    private final Consumer<AutoCloseable> onClose;
    private final LinkedBlockingQueue<TopicConsumer.Delivery> buffer = new LinkedBlockingQueue<>();
    private final Map<String, TopicConsumer> partitions = new ConcurrentHashMap<>();
    private volatile boolean discovered;
    private volatile boolean closed;
    private volatile DanubeClientException lastError;
    private int discoveryAttempts;

    MultiTopicConsumer(ClientContext context, ConsumerBuilder.ConsumerSettings settings,
                       Consumer<AutoCloseable> onClose) {
        this.context = context;
        this.settings = settings;
        this.onClose = onClose;
    }

    void start() {
        context.runLater(0, this::discover);
    }

    private void discover() {
        if (closed) {
            return;
        }
        try {
            List<String> topics = context.partitions(settings.topic());
            if (topics.isEmpty()) {
                recordError(new DanubeClientException(Status.Code.NOT_FOUND, "Topic " + settings.topic()
                        + " does not exist yet; waiting for it"));
                retryDiscovery();
                return;
            }
            if (!discovered) {
                lastError = null; // the "does not exist yet" wait is over; later look-ups must not hide stream errors
            }
            attach(topics);
            // Partitions of a topic a producer is still creating appear one by one, and partitions can be added
            // later: look again at the health-check cadence and attach the new ones.
            context.runLater(context.healthCheckInterval.toMillis(), this::discover);
        } catch (StatusRuntimeException e) {
            recordError(StatusClassifier.translate(e, "find partitions", settings.topic(), context.serviceUrl, 1));
            retryDiscovery();
        }
    }

    private void retryDiscovery() {
        long delay = context.backoff.delayMillis(Math.min(discoveryAttempts++, 100));
        context.runLater(delay, this::discover);
    }

    private synchronized void attach(List<String> topics) {
        if (closed) {
            return;
        }
        boolean partitioned = !(topics.size() == 1 && topics.get(0).equals(settings.topic()));
        List<String> ordered = new ArrayList<>(topics);
        ordered.removeIf(partitions::containsKey);
        if (ordered.isEmpty()) {
            return;
        }
        int credits = Math.max(1, settings.receiveBuffer() / topics.size());
        for (String partitionTopic : ordered) {
            int index = TopicNames.partitionIndex(settings.topic(), partitionTopic);
            OptionalInt partition = partitioned && index >= 0 ? OptionalInt.of(index) : OptionalInt.empty();
            TopicConsumer consumer = new TopicConsumer(context, settings, partitionTopic, partition, credits,
                    buffer::add, this::recordError);
            partitions.put(partitionTopic, consumer);
            consumer.start();
        }
        discovered = true;
        LOG.debug("Consumer {} subscribing to {} topic(s) of {}", settings.name(), ordered.size(), settings.topic());
    }

    private void recordError(DanubeClientException error) {
        lastError = error;
        LOG.debug("Consumer {} on {}: {}", settings.name(), settings.topic(), error.getMessage());
    }

    @Override
    public ReceivedMessage receive(Duration timeout) {
        try {
            TopicConsumer.Delivery delivery = buffer.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return delivery == null ? null : handOver(delivery);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public List<ReceivedMessage> receiveBatch(int max, Duration maxWait) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, got " + max);
        }
        List<ReceivedMessage> batch = new ArrayList<>();
        ReceivedMessage first = receive(maxWait);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        List<TopicConsumer.Delivery> more = new ArrayList<>();
        buffer.drainTo(more, max - 1);
        for (TopicConsumer.Delivery delivery : more) {
            batch.add(handOver(delivery));
        }
        return batch;
    }

    private ReceivedMessage handOver(TopicConsumer.Delivery delivery) {
        delivery.source().onHandedOver();
        return delivery.message();
    }

    @Override
    public CompletableFuture<Void> ack(ReceivedMessage message) {
        return sourceOf(message).map(c -> c.ack(message)).orElseGet(() -> notOurs(message));
    }

    @Override
    public CompletableFuture<Void> nack(ReceivedMessage message, Duration delay, String reason) {
        return sourceOf(message).map(c -> c.nack(message, delay, reason)).orElseGet(() -> notOurs(message));
    }

    private Optional<TopicConsumer> sourceOf(ReceivedMessage message) {
        return Optional.ofNullable(message == null ? null : partitions.get(message.partitionTopic()));
    }

    private CompletableFuture<Void> notOurs(ReceivedMessage message) {
        return CompletableFuture.failedFuture(new DanubeClientException(Status.Code.INVALID_ARGUMENT,
                "Message from " + (message == null ? "nowhere" : message.partitionTopic())
                        + " was not received by consumer " + settings.name() + " of " + settings.topic()));
    }

    @Override
    public boolean isReady() {
        return discovered && !partitions.isEmpty() && partitions.values().stream().allMatch(TopicConsumer::isStreaming);
    }

    @Override
    public Optional<DanubeClientException> lastError() {
        return isReady() ? Optional.empty() : Optional.ofNullable(lastError);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        partitions.values().forEach(TopicConsumer::close);
        onClose.accept(this);
    }
}
