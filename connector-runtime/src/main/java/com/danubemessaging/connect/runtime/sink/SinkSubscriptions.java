package com.danubemessaging.connect.runtime.sink;

import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.SubscriptionType;
import com.danubemessaging.connect.client.Consumer;
import com.danubemessaging.connect.client.ConsumerBuilder;
import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.DanubeClientException;
import com.danubemessaging.connect.client.EnsuredTopic;
import com.danubemessaging.connect.runtime.lifecycle.StopSignal;
import com.danubemessaging.connect.runtime.logging.LogContext;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's subscriptions, from start to stop: each topic is created when it is missing (so the subscription exists
 * before the first record is published: a Danube subscription starts at the latest message), then subscribed, and
 * the sink only starts once every consumer streams. Afterwards it watches them: a consumer the broker refuses
 * (Exclusive subscription held by another name, permission denied) stops the runtime with the broker's reason, and
 * readiness names every consumer that is not streaming.
 */
final class SinkSubscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(SinkSubscriptions.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration ENSURE_RETRY = Duration.ofSeconds(2);
    private static final Duration WATCH_PERIOD = Duration.ofMillis(500);

    private final DanubeClient client;
    private final String instanceId;
    private final int receiveBuffer;
    private final StopSignal stop;
    private final Map<ConsumerConfig, Consumer> consumers = new ConcurrentHashMap<>();
    /** Topics this sink still has to create before it may subscribe, with why it cannot yet. */
    private final Map<ConsumerConfig, String> waitingForTopic = new ConcurrentHashMap<>();
    private volatile FatalException refusal;

    SinkSubscriptions(DanubeClient client, String instanceId, int receiveBuffer, StopSignal stop) {
        this.client = client;
        this.instanceId = instanceId;
        this.receiveBuffer = Math.max(1, receiveBuffer);
        this.stop = stop;
    }

    /**
     * {@code {consumer_name}-{instance_id}} for Shared and KeyShared, so replicas share the subscription; the name
     * as configured for Exclusive and Failover. A Danube broker never drops a consumer from a subscription's list
     * (danube {@code dispatcher.rs} {@code remove_consumer} is dead code): an Exclusive subscription refuses any
     * other name for good, and on Failover the first name stays the active one. A pod restarted with a new instance
     * id must therefore come back under the same name.
     */
    static String consumerName(ConsumerConfig cc, String instanceId) {
        String base = cc.consumerName();
        boolean shared = cc.subscriptionType() == SubscriptionType.SHARED
                || cc.subscriptionType() == SubscriptionType.KEY_SHARED;
        if (!shared || instanceId == null || instanceId.isBlank() || base.endsWith("-" + instanceId)) {
            return base;
        }
        return base + "-" + instanceId;
    }

    /**
     * Creates missing topics, subscribes and waits until every consumer streams, or until stopped.
     *
     * @return the consumers, in config order (fewer when stopped while waiting)
     * @throws FatalException when a topic cannot be created or checked (dispatch strategy mismatch, name clash, no
     *                        permission) or the broker refuses a consumer
     */
    Map<ConsumerConfig, Consumer> open(List<ConsumerConfig> configs) {
        List<ConsumerConfig> pending = new ArrayList<>(configs);
        long nextEnsure = 0;
        while (!stop.isStopped()) {
            if (System.nanoTime() >= nextEnsure) {
                for (ConsumerConfig cc : List.copyOf(pending)) {
                    if (ensureTopic(cc)) {
                        pending.remove(cc);
                        subscribe(cc);
                    }
                }
                nextEnsure = System.nanoTime() + ENSURE_RETRY.toNanos();
            }
            throwIfRefused(consumers);
            if (pending.isEmpty() && consumers.values().stream().allMatch(Consumer::isReady)) {
                break;
            }
            stop.await(POLL);
        }
        Map<ConsumerConfig, Consumer> inConfigOrder = new LinkedHashMap<>();
        configs.stream().filter(consumers::containsKey).forEach(cc -> inConfigOrder.put(cc, consumers.get(cc)));
        return inConfigOrder;
    }

    /** True when the consumer can subscribe now (topic created, found, or only an admin can create it). */
    private boolean ensureTopic(ConsumerConfig cc) {
        try (var topicContext = LogContext.topic(cc.topic())) {
            return ensureTopicNamed(cc);
        }
    }

    private boolean ensureTopicNamed(ConsumerConfig cc) {
        // One name for all replicas and restarts: the broker returns the existing producer for a known name, so the
        // (never sending) registrations do not pile up on the topic.
        String guard = cc.consumerName() + "-topic-creator";
        try {
            EnsuredTopic topic = client.ensureTopic(cc.topic(), cc.partitions(), cc.reliableDispatch(), guard);
            topic.unverified().ifPresent(e -> LOG.warn("Topic {} exists; its dispatch strategy could not be checked"
                    + " against the configured {} ({})", cc.topic(), strategy(cc.reliableDispatch()), e.getMessage()));
            if (!topic.created() && cc.partitions() > 0 && topic.topics().size() != cc.partitions()) {
                LOG.warn("Topic {} exists with {} partition(s), not the configured {}; consuming the existing ones",
                        cc.topic(), topic.topics().size(), cc.partitions());
            }
            waitingForTopic.remove(cc);
            return true;
        } catch (DanubeClientException e) {
            return handleEnsureFailure(cc, e);
        }
    }

    private boolean handleEnsureFailure(ConsumerConfig cc, DanubeClientException e) {
        if (e.code() == Status.Code.NOT_FOUND) {
            // Topic auto-creation is off: only an admin can create it, and then no producer can publish before it.
            // The consumer waits for it; readiness names the topic through the consumer's error.
            waitingForTopic.remove(cc);
            LOG.warn("Topic {} does not exist and the broker does not auto-create topics; waiting for it to be "
                    + "created ({})", cc.topic(), e.getMessage());
            return true;
        }
        if (e.isRetryable()) {
            String reason = "waiting for topic " + cc.topic() + ": cannot create it yet: " + e.getMessage();
            if (!reason.equals(waitingForTopic.put(cc, reason))) {
                LOG.warn("{}", reason);
            }
            return false;
        }
        if (e.isRefusal()) {
            throw new FatalException("cannot create topic " + cc.topic() + " before subscribing (needs Lookup and "
                    + "Produce permission on it, or create the topic beforehand): " + e.getMessage(), e);
        }
        if (e.code() == Status.Code.FAILED_PRECONDITION) {
            throw new FatalException("topic " + cc.topic() + " does not have the dispatch strategy this sink is "
                    + "configured with (" + strategy(cc.reliableDispatch()) + "); sink and source must agree: "
                    + e.getMessage(), e);
        }
        throw new FatalException("cannot create topic " + cc.topic() + ": " + e.getMessage(), e);
    }

    private void subscribe(ConsumerConfig cc) {
        String name = consumerName(cc, instanceId);
        ConsumerBuilder b = client.newConsumer()
                .topic(cc.topic())
                .name(name)
                .subscription(cc.subscription())
                .type(com.danubemessaging.connect.client.SubscriptionType.valueOf(cc.subscriptionType().name()))
                .receiveBuffer(receiveBuffer);
        if (!cc.keyFilters().isEmpty()) {
            b.keyFilters(cc.keyFilters());
        }
        try {
            consumers.put(cc, b.subscribe());
            try (var topicContext = LogContext.topic(cc.topic())) {
                LOG.info("Consumer '{}' subscribing to {} as '{}' ({})", name, cc.topic(), cc.subscription(),
                        cc.subscriptionType());
            }
        } catch (DanubeClientException e) {
            throw new FatalException("cannot subscribe consumer '" + name + "' to " + cc.topic() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Checks the consumers every half second until stopped; on a refusal records it and runs {@code onRefusal} (the
     * runtime stops, then {@link #throwIfRefused()} reports the reason).
     */
    void watch(Runnable onRefusal) {
        Thread watcher = new Thread(() -> {
            while (!stop.isStopped()) {
                try {
                    throwIfRefused(consumers);
                } catch (FatalException e) {
                    onRefusal.run();
                    return;
                }
                stop.await(WATCH_PERIOD);
            }
        }, "sink-subscription-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** @throws FatalException when the broker refused one of the consumers (recorded by {@link #watch}) */
    void throwIfRefused() {
        if (refusal != null) {
            throw refusal;
        }
    }

    private void throwIfRefused(Map<ConsumerConfig, Consumer> current) {
        for (Map.Entry<ConsumerConfig, Consumer> e : current.entrySet()) {
            Optional<DanubeClientException> refused = e.getValue().refusal();
            if (refused.isPresent()) {
                ConsumerConfig cc = e.getKey();
                refusal = new FatalException("the broker refused consumer '" + consumerName(cc, instanceId)
                        + "' on subscription '" + cc.subscription() + "' of " + cc.topic() + ": "
                        + refused.get().getMessage(), refused.get());
                throw refusal;
            }
        }
    }

    /** Why the sink is not ready as far as its subscriptions go: a topic it waits for, or a consumer not streaming. */
    Optional<String> readinessProblem() {
        List<String> problems = new ArrayList<>(waitingForTopic.values());
        for (Map.Entry<ConsumerConfig, Consumer> e : consumers.entrySet()) {
            Consumer c = e.getValue();
            if (!c.isReady() && !waitingForTopic.containsKey(e.getKey())) {
                problems.add("consumer '" + consumerName(e.getKey(), instanceId) + "' of " + e.getKey().topic()
                        + " is not subscribed" + c.lastError().map(err -> ": " + err.getMessage()).orElse(""));
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    private static String strategy(boolean reliable) {
        return reliable ? "reliable" : "non-reliable";
    }
}
