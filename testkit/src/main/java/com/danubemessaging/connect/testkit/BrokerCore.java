package com.danubemessaging.connect.testkit;

import com.danubemessaging.connect.proto.ConsumerRequest;
import com.danubemessaging.connect.proto.ConsumerRequest.SubscriptionType;
import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.proto.MsgID;
import com.danubemessaging.connect.proto.ProducerRequest;
import com.danubemessaging.connect.proto.StreamMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's state and rules: namespaces, topics, producers, consumers, dispatch. Every method runs under
 * this object's monitor, so the gRPC handlers, the stream callbacks and the timer never race. Reliable data
 * (stored messages, subscriptions and their settled offsets) and the schema registry survive
 * {@link #dropRegistrations()}, which is what a broker restart does.
 */
final class BrokerCore {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerCore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BrokerSettings settings;
    private final SchemaRegistryStore schemas;
    private final SecureRandom random = new SecureRandom();
    private final Set<String> namespaces = new LinkedHashSet<>();
    private final Map<String, Topic> topics = new LinkedHashMap<>();
    private final Map<Long, ProducerEntry> producers = new HashMap<>();
    private final Map<Long, ConsumerEntry> consumers = new HashMap<>();
    private final Map<String, SubscriptionFailurePolicy> policyOverrides = new HashMap<>();
    private volatile String brokerUrl = "";

    BrokerCore(BrokerSettings settings, SchemaRegistryStore schemas) {
        this.settings = settings;
        this.schemas = schemas;
        namespaces.addAll(settings.namespaces());
    }

    BrokerSettings settings() {
        return settings;
    }

    void brokerUrl(String url) {
        this.brokerUrl = url;
    }

    String brokerUrl() {
        return brokerUrl;
    }

    static long now() {
        return System.nanoTime() / 1_000_000;
    }

    // ------------------------------------------------------------------ namespaces and topics

    synchronized void createNamespace(String namespace) {
        if (!TopicNames.isSegment(namespace)) {
            throw new IllegalArgumentException("invalid namespace name '" + namespace
                    + "': use letters, digits, '_' or '-'");
        }
        namespaces.add(namespace);
    }

    synchronized Set<String> namespaces() {
        return Set.copyOf(namespaces);
    }

    /** Admin-style creation: ALREADY_EXISTS when present, NOT_FOUND when the namespace is missing. */
    synchronized void createTopic(String name, DispatchStrategy strategy) {
        TopicNames.validate(name);
        if (topics.containsKey(name)) {
            throw Status.ALREADY_EXISTS.withDescription("Topic " + name + " already exists").asRuntimeException();
        }
        requireNamespace(name, Status.NOT_FOUND);
        checkPartitionClash(name);
        newTopic(name, strategy);
    }

    synchronized void createPartitionedTopic(String base, int partitions, DispatchStrategy strategy) {
        TopicNames.validate(base);
        if (partitions < 1) {
            throw new IllegalArgumentException("a partitioned topic needs at least 1 partition, got " + partitions);
        }
        requireNamespace(base, Status.NOT_FOUND);
        if (topics.containsKey(base)) {
            throw Status.ALREADY_EXISTS.withDescription("Topic " + base
                    + " already exists as a non-partitioned topic").asRuntimeException();
        }
        for (int i = 0; i < partitions; i++) {
            if (topics.containsKey(TopicNames.partition(base, i))) {
                throw Status.ALREADY_EXISTS.withDescription("Partition " + TopicNames.partition(base, i)
                        + " already exists").asRuntimeException();
            }
        }
        for (int i = 0; i < partitions; i++) {
            newTopic(TopicNames.partition(base, i), strategy);
        }
    }

    private Topic newTopic(String name, DispatchStrategy strategy) {
        Topic topic = new Topic(name, strategy);
        topics.put(name, topic);
        LOG.debug("created topic {} ({})", name, strategy);
        return topic;
    }

    private void requireNamespace(String topic, Status status) {
        String ns = TopicNames.namespace(topic);
        if (!namespaces.contains(ns)) {
            throw status.withDescription("Unable to find the namespace " + ns).asRuntimeException();
        }
    }

    /** A base name cannot be both partitioned and not (upstream {@code validate_topic_creation}). */
    private void checkPartitionClash(String name) {
        String base = TopicNames.partitionBase(name);
        if (base != null && topics.containsKey(base)) {
            throw Status.ALREADY_EXISTS.withDescription("Topic " + base
                    + " exists as a non-partitioned topic, cannot create partition " + name).asRuntimeException();
        }
        String prefix = name + "-part-";
        for (String existing : topics.keySet()) {
            if (existing.startsWith(prefix) && TopicNames.partitionIndex(existing).isPresent()
                    && name.equals(TopicNames.partitionBase(existing))) {
                throw Status.ALREADY_EXISTS.withDescription("Topic " + name
                        + " exists as a partitioned topic, cannot create it non-partitioned").asRuntimeException();
            }
        }
    }

    synchronized Topic topic(String name) {
        return topics.get(name);
    }

    // ------------------------------------------------------------------ discovery

    synchronized boolean topicExists(String name) {
        return topics.containsKey(name);
    }

    synchronized List<String> partitions(String name) {
        if (topics.containsKey(name)) {
            return List.of(name);
        }
        TreeMap<Integer, String> children = new TreeMap<>();
        for (String existing : topics.keySet()) {
            if (name.equals(TopicNames.partitionBase(existing))) {
                children.put(TopicNames.partitionIndex(existing).getAsInt(), existing);
            }
        }
        return List.copyOf(children.values());
    }

    // ------------------------------------------------------------------ producers

    synchronized ProducerEntry createProducer(ProducerRequest request) {
        String name = request.getTopicName();
        TopicNames.validate(name);
        DispatchStrategy strategy = request.getDispatchStrategy();
        if (strategy == DispatchStrategy.UNRECOGNIZED) {
            throw Status.INVALID_ARGUMENT.withDescription("unknown dispatch_strategy").asRuntimeException();
        }
        Topic topic = topics.get(name);
        if (topic != null && topic.strategy != strategy) {
            throw Status.FAILED_PRECONDITION
                    .withDescription("Producer requested dispatch strategy does not match topic strategy")
                    .asRuntimeException();
        }
        checkSchemaReference(name, request);
        if (topic == null) {
            if (!settings.autoCreateTopics()) {
                throw Status.NOT_FOUND.withDescription("Topic " + name + " not found").asRuntimeException();
            }
            requireNamespace(name, Status.UNAVAILABLE);
            checkPartitionClash(name);
            topic = newTopic(name, strategy);
        }
        if (request.hasSchemaRef() && !request.getSchemaRef().getSubject().isEmpty()) {
            schemas.assignSubjectIfAbsent(name, request.getSchemaRef().getSubject());
        }
        Long existing = topic.producerIdsByName.get(request.getProducerName());
        if (existing != null && producers.containsKey(existing)) {
            return producers.get(existing);
        }
        ProducerEntry producer = new ProducerEntry(newId(), request.getProducerName(), name);
        producers.put(producer.id, producer);
        topic.producerIdsByName.put(producer.name, producer.id);
        return producer;
    }

    /** danube-facts §2.3: the first producer assigns an (existing) subject; another subject needs an admin. */
    private void checkSchemaReference(String topicName, ProducerRequest request) {
        if (!request.hasSchemaRef() || request.getSchemaRef().getSubject().isEmpty()) {
            return;
        }
        String subject = request.getSchemaRef().getSubject();
        SchemaRegistryStore.TopicSchemaConfig config = schemas.topicConfig(topicName);
        if (config != null && config.subject() != null && !config.subject().equals(subject)) {
            throw Status.FAILED_PRECONDITION.withDescription("Only admin can change topic schema (topic "
                    + topicName + " uses subject '" + config.subject() + "', producer asked for '" + subject + "')")
                    .asRuntimeException();
        }
        if (!schemas.hasSubject(subject)) {
            throw Status.FAILED_PRECONDITION.withDescription("Schema subject '" + subject
                    + "' is not registered; register it before creating the producer").asRuntimeException();
        }
    }

    synchronized void send(StreamMessage message) {
        if (!message.hasMsgId()) {
            throw Status.INVALID_ARGUMENT.withDescription("StreamMessage.msg_id is required: the broker finds the "
                    + "topic by msg_id.topic_name and the producer by msg_id.producer_id").asRuntimeException();
        }
        MsgID id = message.getMsgId();
        ProducerEntry producer = producers.get(id.getProducerId());
        if (producer == null) {
            throw Status.NOT_FOUND.withDescription("Producer with id " + Long.toUnsignedString(id.getProducerId())
                    + " not found").asRuntimeException();
        }
        Topic topic = topics.get(id.getTopicName());
        if (topic == null || !producer.topic.equals(topic.name)) {
            throw Status.NOT_FOUND.withDescription("Topic " + id.getTopicName() + " not found for producer "
                    + Long.toUnsignedString(id.getProducerId())).asRuntimeException();
        }
        if (message.getPayload().size() > settings.maxMessageSize()) {
            throw Status.INVALID_ARGUMENT.withDescription("Message size " + message.getPayload().size()
                    + " bytes exceeds the maximum of " + settings.maxMessageSize() + " bytes").asRuntimeException();
        }
        validateSchema(topic.name, message);
        publish(topic, message);
    }

    private void publish(Topic topic, StreamMessage message) {
        StreamMessage stored = message.toBuilder()
                .setMsgId(message.getMsgId().toBuilder().setTopicName(topic.name)
                        .setBrokerAddr(brokerUrl).setTopicOffset(topic.nextOffset))
                .build();
        topic.store(stored);
        long now = now();
        for (Subscription subscription : topic.subscriptions.values()) {
            if (topic.reliable()) {
                subscription.pump(now);
            } else {
                subscription.dispatchNonReliable(stored);
            }
        }
    }

    /** danube-facts §2.8. */
    private void validateSchema(String topicName, StreamMessage message) {
        SchemaRegistryStore.TopicSchemaConfig config = schemas.topicConfig(topicName);
        if (config == null || "none".equals(config.validationPolicy())) {
            return;
        }
        String problem = schemaProblem(config, message);
        if (problem == null) {
            return;
        }
        if ("enforce".equals(config.validationPolicy())) {
            throw Status.PERMISSION_DENIED.withDescription("Unable to publish the message: " + problem)
                    .asRuntimeException();
        }
        LOG.warn("schema validation (warn) on {}: {}", topicName, problem);
    }

    private String schemaProblem(SchemaRegistryStore.TopicSchemaConfig config, StreamMessage message) {
        if (config.subject() == null) {
            return "topic has no schema subject";
        }
        Long expectedId = schemas.schemaIdOf(config.subject());
        if (!message.hasSchemaId()) {
            return "message has no schema_id, topic requires subject '" + config.subject() + "'";
        }
        if (expectedId == null || message.getSchemaId() != expectedId) {
            return "schema_id " + message.getSchemaId() + " does not belong to subject '" + config.subject() + "'";
        }
        if (config.payloadValidation()) {
            SchemaRegistryStore.Subject subject = schemas.subject(config.subject());
            if (subject != null && "json_schema".equals(subject.schemaType)) {
                try {
                    JSON.readTree(message.getPayload().toByteArray());
                } catch (IOException e) {
                    return "payload is not valid JSON";
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ consumers

    synchronized ConsumerEntry subscribe(ConsumerRequest request) {
        String name = request.getTopicName();
        TopicNames.validate(name);
        Topic topic = topics.get(name);
        if (topic == null) {
            throw Status.NOT_FOUND.withDescription("Topic " + name + " not found").asRuntimeException();
        }
        SubscriptionType type = request.getSubscriptionType();
        if (type == SubscriptionType.UNRECOGNIZED) {
            throw Status.INVALID_ARGUMENT.withDescription("unknown subscription_type").asRuntimeException();
        }
        if (request.getSubscription().isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription("subscription name must not be empty").asRuntimeException();
        }
        Subscription subscription = topic.subscriptions.get(request.getSubscription());
        if (subscription != null && subscription.type != type) {
            throw Status.PERMISSION_DENIED.withDescription("Not able to subscribe to the topic " + name
                    + ": subscription " + subscription.name + " is " + subscription.type + ", not " + type)
                    .asRuntimeException();
        }
        if (subscription == null) {
            long start = topic.reliable() && settings.subscriptionStart() == SubscriptionStart.LATEST
                    ? topic.log.size() : 0;
            subscription = new Subscription(this, topic, request.getSubscription(), type,
                    policyFor(name, request.getSubscription()), start);
            topic.subscriptions.put(subscription.name, subscription);
        }
        ConsumerEntry existing = subscription.consumers.get(request.getConsumerName());
        if (existing != null) {
            takeOver(existing, request.getKeyFiltersList());
            return existing;
        }
        if (type == SubscriptionType.Exclusive) {
            for (ConsumerEntry other : List.copyOf(subscription.consumers.values())) {
                if (other.active) {
                    throw Status.PERMISSION_DENIED.withDescription("Not able to subscribe to the topic " + name
                            + ": subscription " + subscription.name + " already has consumer " + other.name
                            + ", Exclusive subscription can't be shared").asRuntimeException();
                }
                // A disconnected exclusive consumer gives its place to the new one.
                subscription.removeConsumer(other);
                consumers.remove(other.id);
            }
        }
        ConsumerEntry consumer = new ConsumerEntry(newId(), request.getConsumerName(), subscription,
                request.getKeyFiltersList());
        subscription.consumers.put(consumer.name, consumer);
        consumers.put(consumer.id, consumer);
        return consumer;
    }

    /** Same consumer name on the same subscription: same id, old stream cancelled, active again. */
    private void takeOver(ConsumerEntry consumer, List<String> keyFilters) {
        if (consumer.connected()) {
            consumer.endStream(Status.CANCELLED.withDescription("consumer " + consumer.name
                    + " was taken over by a new subscription with the same name"));
            consumer.subscription.releaseInFlight(consumer.id, now());
        }
        consumer.setKeyFilters(keyFilters);
        consumer.active = true;
    }

    synchronized void openStream(long consumerId, ServerCallStreamObserver<StreamMessage> stream) {
        ConsumerEntry consumer = consumers.get(consumerId);
        if (consumer == null) {
            throw Status.NOT_FOUND.withDescription("Consumer with id " + Long.toUnsignedString(consumerId)
                    + " not found").asRuntimeException();
        }
        if (consumer.connected()) {
            consumer.endStream(Status.CANCELLED.withDescription("a new ReceiveMessages stream took over consumer "
                    + consumer.name));
            consumer.subscription.releaseInFlight(consumer.id, now());
        }
        consumer.stream = stream;
        consumer.active = true;
        stream.setOnCancelHandler(() -> streamCancelled(consumer, stream));
        stream.setOnReadyHandler(() -> streamReady(consumer, stream));
        consumer.subscription.pump(now());
    }

    private synchronized void streamCancelled(ConsumerEntry consumer, ServerCallStreamObserver<StreamMessage> stream) {
        if (consumer.stream != stream) {
            return;
        }
        consumer.stream = null;
        consumer.active = false;
        consumer.subscription.releaseInFlight(consumer.id, now());
        consumer.subscription.pump(now());
    }

    private synchronized void streamReady(ConsumerEntry consumer, ServerCallStreamObserver<StreamMessage> stream) {
        if (consumer.stream == stream) {
            consumer.subscription.pump(now());
        }
    }

    /** Ends every open ReceiveMessages stream with UNAVAILABLE, as a network cut would. Returns how many. */
    synchronized int cutStreams() {
        int cut = 0;
        long now = now();
        for (ConsumerEntry consumer : consumers.values()) {
            if (consumer.connected()) {
                consumer.endStream(Status.UNAVAILABLE.withDescription("stream cut by the testkit"));
                consumer.active = false;
                consumer.subscription.releaseInFlight(consumer.id, now);
                cut++;
            }
        }
        for (Topic topic : topics.values()) {
            for (Subscription s : topic.subscriptions.values()) {
                s.pump(now);
            }
        }
        return cut;
    }

    synchronized void ack(MsgID id, String subscriptionName) {
        Subscription subscription = subscriptionForAck(id, subscriptionName, "acknowledging");
        subscription.ack(id.getTopicOffset());
        subscription.pump(now());
    }

    synchronized void nack(MsgID id, String subscriptionName, Long delayMillis, String reason) {
        Subscription subscription = subscriptionForAck(id, subscriptionName, "processing nack for");
        subscription.nack(id.getTopicOffset(), delayMillis, reason, now());
        subscription.pump(now());
    }

    private Subscription subscriptionForAck(MsgID id, String subscriptionName, String what) {
        Topic topic = topics.get(id.getTopicName());
        Subscription subscription = topic == null ? null : topic.subscriptions.get(subscriptionName);
        if (subscription == null) {
            String verb = what.equals("acknowledging") ? "Error acknowledging message" : "Error " + what + " message";
            throw Status.INTERNAL.withDescription(verb + ": Subscription not found").asRuntimeException();
        }
        return subscription;
    }

    // ------------------------------------------------------------------ health

    synchronized boolean producerActive(long id) {
        return producers.containsKey(id);
    }

    synchronized boolean consumerActive(long id) {
        ConsumerEntry consumer = consumers.get(id);
        return consumer != null && consumer.active;
    }

    // ------------------------------------------------------------------ redelivery, dead letters, policies

    synchronized void tick() {
        long now = now();
        for (Topic topic : List.copyOf(topics.values())) {
            if (topic.reliable()) {
                for (Subscription s : List.copyOf(topic.subscriptions.values())) {
                    s.tick(now);
                }
            }
        }
    }

    /** Called from {@link Subscription} under this lock. */
    void publishDeadLetter(Subscription subscription, Subscription.Outstanding o) {
        String dlq = subscription.policy.deadLetterTopic();
        Topic target = topics.get(dlq);
        if (target == null) {
            if (!namespaces.contains(TopicNames.namespace(dlq))) {
                LOG.warn("dead-letter topic {} cannot be created (namespace missing); message at offset {} dropped",
                        dlq, o.offset);
                return;
            }
            target = newTopic(dlq, DispatchStrategy.Reliable);
        }
        MsgID original = o.message.getMsgId();
        StreamMessage dead = o.message.toBuilder()
                .putAttributes("x-original-topic", subscription.topic.name)
                .putAttributes("x-original-subscription", subscription.name)
                .putAttributes("x-original-topic-offset", Long.toString(o.offset))
                .putAttributes("x-original-producer-id", Long.toUnsignedString(original.getProducerId()))
                .putAttributes("x-original-broker-addr", original.getBrokerAddr())
                .putAttributes("x-poison-policy", "dead_letter")
                .putAttributes("x-delivery-attempt", Integer.toString(o.deliveries))
                .putAttributes("x-failure-reason", o.lastFailureReason)
                .build();
        publish(target, dead);
    }

    synchronized void setFailurePolicy(String topic, String subscription, SubscriptionFailurePolicy policy) {
        policyOverrides.put(topic + "\u0000" + subscription, policy);
        Topic t = topics.get(topic);
        Subscription s = t == null ? null : t.subscriptions.get(subscription);
        if (s != null) {
            s.policy = policy;
        }
    }

    private SubscriptionFailurePolicy policyFor(String topic, String subscription) {
        return policyOverrides.getOrDefault(topic + "\u0000" + subscription, settings.defaultFailurePolicy());
    }

    // ------------------------------------------------------------------ restart

    /**
     * What a broker restart loses: producers, consumers, open streams, non-reliable subscriptions and
     * in-flight state. Topics, reliable messages, reliable subscriptions' settled offsets and schemas stay.
     */
    synchronized void dropRegistrations() {
        for (ConsumerEntry consumer : consumers.values()) {
            consumer.endStream(Status.UNAVAILABLE.withDescription("broker stopped"));
        }
        consumers.clear();
        producers.clear();
        for (Topic topic : topics.values()) {
            topic.producerIdsByName.clear();
            if (topic.reliable()) {
                topic.subscriptions.values().forEach(Subscription::resetAfterRestart);
            } else {
                topic.subscriptions.clear();
                topic.recent.clear();
            }
        }
    }

    // ------------------------------------------------------------------ introspection

    synchronized Set<String> topicNames() {
        return Set.copyOf(topics.keySet());
    }

    synchronized long publishedCount(String topic) {
        Topic t = topics.get(topic);
        return t == null ? 0 : t.published;
    }

    synchronized List<StreamMessage> messages(String topic) {
        Topic t = topics.get(topic);
        return t == null ? List.of() : t.messages();
    }

    synchronized Subscription subscription(String topic, String subscription) {
        Topic t = topics.get(topic);
        return t == null ? null : t.subscriptions.get(subscription);
    }

    synchronized long ackedCount(String topic, String subscription) {
        Subscription s = subscription(topic, subscription);
        return s == null ? 0 : s.ackedCount;
    }

    synchronized int unackedCount(String topic, String subscription) {
        Subscription s = subscription(topic, subscription);
        return s == null ? 0 : s.outstanding.size();
    }

    synchronized long redeliveredCount(String topic, String subscription) {
        Subscription s = subscription(topic, subscription);
        return s == null ? 0 : s.redeliveredCount;
    }

    synchronized long droppedCount(String topic, String subscription) {
        Subscription s = subscription(topic, subscription);
        if (s == null) {
            return 0;
        }
        long dropped = s.droppedPoisonCount;
        for (ConsumerEntry c : s.consumers.values()) {
            dropped += c.dropped;
        }
        return dropped;
    }

    synchronized int blockedCount(String topic, String subscription) {
        Subscription s = subscription(topic, subscription);
        return s == null ? 0 : s.blockedCount();
    }

    synchronized List<String> connectedConsumers(String topic, String subscription) {
        Subscription s = subscription(topic, subscription);
        if (s == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (ConsumerEntry c : s.connectedConsumers()) {
            names.add(c.name);
        }
        return names;
    }

    synchronized Set<String> subscriptionNames(String topic) {
        Topic t = topics.get(topic);
        return t == null ? Set.of() : Set.copyOf(t.subscriptions.keySet());
    }

    synchronized int producerCount() {
        return producers.size();
    }

    private long newId() {
        long id;
        do {
            id = random.nextLong() & Long.MAX_VALUE;
        } while (id == 0 || producers.containsKey(id) || consumers.containsKey(id));
        return id;
    }

    static StatusRuntimeException internal(String message) {
        return Status.INTERNAL.withDescription(message).asRuntimeException();
    }
}
