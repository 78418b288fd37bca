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
    /** The producer name dead letters carry (upstream: {@code broker-replicator-{broker_id}-{n}}). */
    static final String DEAD_LETTER_PRODUCER = "broker-replicator-0-0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BrokerSettings settings;
    private final SchemaRegistryStore schemas;
    private final SecureRandom random = new SecureRandom();
    private final Set<String> namespaces = new LinkedHashSet<>();
    private final Map<String, Topic> topics = new LinkedHashMap<>();
    private final Map<Long, ProducerEntry> producers = new HashMap<>();
    private final Map<Long, ConsumerEntry> consumers = new HashMap<>();
    private final Map<String, SubscriptionFailurePolicy> policyOverrides = new HashMap<>();
    /** Subscription cursors (last acked offset) as written to the metadata store; they survive restarts. */
    private final Map<String, Long> persistedCursors = new HashMap<>();

    BrokerCore(BrokerSettings settings, SchemaRegistryStore schemas) {
        this.settings = settings;
        this.schemas = schemas;
        namespaces.addAll(settings.namespaces());
    }

    BrokerSettings settings() {
        return settings;
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

    /** Admin-style creation ({@code TopicAdmin.CreateTopic}): the checks of upstream {@code validate_topic_creation}. */
    synchronized void createTopic(String name, DispatchStrategy strategy) {
        validateTopicCreation(name);
        newTopic(name, strategy);
    }

    /** {@code TopicAdmin.CreatePartitionedTopic}: creates {@code base-part-0 … base-part-(n-1)}, failing fast. */
    synchronized void createPartitionedTopic(String base, int partitions, DispatchStrategy strategy) {
        TopicNames.validate(base);
        if (partitions < 1) {
            throw new IllegalArgumentException("a partitioned topic needs at least 1 partition, got " + partitions);
        }
        for (int i = 0; i < partitions; i++) {
            createTopic(TopicNames.partition(base, i), strategy);
        }
    }

    private Topic newTopic(String name, DispatchStrategy strategy) {
        Topic topic = new Topic(name, strategy);
        topics.put(name, topic);
        LOG.debug("created topic {} ({})", name, strategy);
        return topic;
    }

    /**
     * Upstream {@code topic_cluster.rs} {@code validate_topic_creation}: the namespace must exist (UNAVAILABLE), the
     * topic must not (ALREADY_EXISTS), a partition's base must not exist as a plain topic, and a plain topic must
     * have no "children" in the metadata prefix scan, which has no separator: {@code /default/orders} cannot be
     * created while {@code /default/orders-dlq} (or {@code /default/orders2}) exists.
     */
    private void validateTopicCreation(String name) {
        TopicNames.validate(name);
        String ns = TopicNames.namespace(name);
        if (!namespaces.contains(ns)) {
            throw Status.UNAVAILABLE.withDescription("Unable to find the namespace " + ns
                    + ", the topic can be created only for an exisiting namespace").asRuntimeException();
        }
        if (topics.containsKey(name)) {
            throw Status.ALREADY_EXISTS.withDescription("Topic '" + name + "' already exists").asRuntimeException();
        }
        int marker = name.lastIndexOf("-part-");
        if (marker >= 0) {
            String base = name.substring(0, marker);
            if (topics.containsKey(base)) {
                throw Status.ALREADY_EXISTS.withDescription("Cannot create partitioned topic '" + name
                        + "': a non-partitioned topic '" + base + "' already exists. Delete the non-partitioned"
                        + " topic first.").asRuntimeException();
            }
        } else {
            List<String> children = prefixScan(name);
            if (!children.isEmpty()) {
                throw Status.ALREADY_EXISTS.withDescription("Cannot create topic '" + name + "': partitioned topics"
                        + " with this base name already exist (found " + children.size() + " partitions). Delete"
                        + " the partitioned topics first.").asRuntimeException();
            }
        }
    }

    /** Upstream {@code raft_store.rs} {@code get_childrens}: every other topic whose name starts with {@code name}. */
    private List<String> prefixScan(String name) {
        List<String> children = new ArrayList<>();
        for (String existing : new TreeMap<>(topics).keySet()) {
            if (existing.startsWith(name) && !existing.equals(name)) {
                children.add(existing);
            }
        }
        return children;
    }

    synchronized Topic topic(String name) {
        return topics.get(name);
    }

    // ------------------------------------------------------------------ discovery

    synchronized boolean topicExists(String name) {
        return topics.containsKey(name);
    }

    /**
     * {@code Discovery.TopicPartitions} ({@code broker_service.rs} {@code topic_partitions}): {@code [name]} for a
     * plain topic, else the metadata prefix scan in key order, which also returns siblings such as
     * {@code name-dlq}; a client must keep only the {@code -part-N} names. Empty when nothing matches.
     */
    synchronized List<String> partitions(String name) {
        TopicNames.validate(name);
        if (topics.containsKey(name)) {
            return List.of(name);
        }
        return prefixScan(name);
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
                throw Status.NOT_FOUND.withDescription("Unable to find the topic: " + name).asRuntimeException();
            }
            validateTopicCreation(name);
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

    /**
     * Only a reliable topic's WAL numbers messages ({@code danube-persistent-storage/src/wal.rs} stamps
     * {@code topic_offset}); a non-reliable message goes out as the producer sent it, {@code topic_offset} 0
     * ({@code topic.rs} {@code dispatch_to_subscriptions_async}).
     */
    private void publish(Topic topic, StreamMessage message) {
        StreamMessage stored = topic.reliable()
                ? message.toBuilder().setMsgId(message.getMsgId().toBuilder().setTopicOffset(topic.log.size())).build()
                : message;
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
            if (subject != null && "json_schema".equals(subject.schemaType())) {
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

    /**
     * {@code consumer_handler.rs} {@code subscribe} and {@code topic.rs} {@code subscribe}: consumers never create
     * topics; the same consumer name is a takeover; a subscription keeps the type it was created with and every
     * later consumer joins with that type, whatever it asked for; an Exclusive subscription that has ever had a
     * consumer refuses any other name (its consumer list is only cleared when the broker restarts).
     */
    synchronized ConsumerEntry subscribe(ConsumerRequest request) {
        String name = request.getTopicName();
        TopicNames.validate(name);
        Topic topic = topics.get(name);
        if (topic == null) {
            throw Status.NOT_FOUND.withDescription("Unable to find the topic: " + name).asRuntimeException();
        }
        SubscriptionType requested = request.getSubscriptionType();
        if (requested == SubscriptionType.UNRECOGNIZED) {
            throw Status.INVALID_ARGUMENT.withDescription("unknown subscription_type").asRuntimeException();
        }
        if (request.getSubscription().isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription("subscription name must not be empty").asRuntimeException();
        }
        Subscription subscription = topic.subscriptions.get(request.getSubscription());
        ConsumerEntry existing = subscription == null ? null : subscription.consumers.get(request.getConsumerName());
        if (existing != null) {
            takeOver(existing, request.getKeyFiltersList());
            return existing;
        }
        if (subscription == null) {
            subscription = new Subscription(this, topic, request.getSubscription(), requested,
                    policyFor(name, request.getSubscription()), startOffset(topic, request.getSubscription()), now());
            topic.subscriptions.put(subscription.name, subscription);
        }
        if (subscription.type == SubscriptionType.Exclusive && !subscription.consumers.isEmpty()) {
            throw Status.PERMISSION_DENIED.withDescription("Not able to subscribe to the topic " + name
                    + " due to Not allowed to add the Consumer: " + request.getConsumerName()
                    + ", the Exclusive subscription can't be shared with other consumers").asRuntimeException();
        }
        ConsumerEntry consumer = new ConsumerEntry(newId(), request.getConsumerName(), subscription,
                request.getKeyFiltersList());
        subscription.consumers.put(consumer.name, consumer);
        consumers.put(consumer.id, consumer);
        return consumer;
    }

    /**
     * Where a new subscription starts ({@code dispatcher/subscription_engine.rs}
     * {@code init_stream_from_progress_or_latest}): after its persisted cursor, else at the latest message.
     */
    private long startOffset(Topic topic, String subscription) {
        if (!topic.reliable()) {
            return 0;
        }
        Long cursor = persistedCursors.get(subscriptionKey(topic.name, subscription));
        if (cursor != null) {
            return cursor + 1;
        }
        return settings.subscriptionStart() == SubscriptionStart.LATEST ? topic.log.size() : 0;
    }

    /**
     * The safe cursor of {@code subscription} moved to {@code lastAcked}. Upstream
     * ({@code subscription_engine.rs} {@code advance_cursor_to}) writes it to the metadata store only when the
     * flush interval has passed since the last write (or since the subscription was created); what was not
     * written is lost when the broker restarts.
     */
    void cursorAdvanced(Subscription subscription, long lastAcked, long now) {
        if (now - subscription.lastCursorFlushMillis >= settings.cursorFlushIntervalMillis()) {
            persistedCursors.put(subscriptionKey(subscription.topic.name, subscription.name), lastAcked);
            subscription.lastCursorFlushMillis = now;
        }
    }

    private static String subscriptionKey(String topic, String subscription) {
        return topic + "\u0000" + subscription;
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
        subscription.ack(id.getTopicOffset(), now());
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

    /**
     * Called from {@link Subscription} under this lock. Upstream ({@code dispatcher/poison_handler.rs},
     * {@code replicator.rs}) re-publishes the payload and attributes through an internal reliable producer
     * ({@code broker-replicator-…}), which auto-creates the dead-letter topic: the letter is a new message of that
     * topic, without the original's schema or routing key.
     */
    void publishDeadLetter(Subscription subscription, Subscription.Outstanding o) {
        String dlq = subscription.policy.deadLetterTopic();
        Topic target = topics.get(dlq);
        if (target == null) {
            try {
                validateTopicCreation(dlq);
            } catch (StatusRuntimeException e) {
                LOG.warn("dead-letter topic {} cannot be created ({}); message at offset {} dropped", dlq,
                        e.getStatus().getDescription(), o.offset);
                return;
            }
            target = newTopic(dlq, DispatchStrategy.Reliable);
        }
        MsgID original = o.message.getMsgId();
        StreamMessage dead = StreamMessage.newBuilder()
                .setMsgId(MsgID.newBuilder().setTopicName(dlq).setBrokerAddr(original.getBrokerAddr()))
                .setPayload(o.message.getPayload())
                .setPublishTime(System.currentTimeMillis())
                .setProducerName(DEAD_LETTER_PRODUCER)
                .putAllAttributes(o.message.getAttributesMap())
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
        policyOverrides.put(subscriptionKey(topic, subscription), policy);
        Topic t = topics.get(topic);
        Subscription s = t == null ? null : t.subscriptions.get(subscription);
        if (s != null) {
            s.policy = policy;
        }
    }

    private SubscriptionFailurePolicy policyFor(String topic, String subscription) {
        return policyOverrides.getOrDefault(subscriptionKey(topic, subscription), settings.defaultFailurePolicy());
    }

    // ------------------------------------------------------------------ restart

    /**
     * What a broker restart loses: producers, consumers, open streams, every subscription (upstream rebuilds one
     * when a consumer subscribes again, from its persisted cursor or at the latest message) and in-flight state.
     * Topics, reliable messages, persisted cursors, failure policies and schemas stay. Upstream has no graceful
     * shutdown that flushes cursors ({@code broker_service.rs} {@code shutdown} is dead code).
     */
    synchronized void dropRegistrations() {
        for (ConsumerEntry consumer : consumers.values()) {
            consumer.endStream(Status.UNAVAILABLE.withDescription("broker stopped"));
        }
        consumers.clear();
        producers.clear();
        for (Topic topic : topics.values()) {
            topic.producerIdsByName.clear();
            topic.subscriptions.clear();
            if (!topic.reliable()) {
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
