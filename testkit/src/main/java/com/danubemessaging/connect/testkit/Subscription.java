package com.danubemessaging.connect.testkit;

import com.danubemessaging.connect.proto.ConsumerRequest.SubscriptionType;
import com.danubemessaging.connect.proto.StreamMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One subscription of a topic: its consumers, how a message picks one of them, and on reliable topics the
 * cursor, the unacked window and redelivery. Only touched under the broker lock.
 */
final class Subscription {

    /** State of a reliable message that was dispatched but is not settled (acked, dropped, dead-lettered). */
    static final class Outstanding {
        enum State { DELIVERED, WAITING, BLOCKED }

        final long offset;
        final StreamMessage message;
        State state = State.WAITING;
        long consumerId;
        long deadlineMillis;
        long readyAtMillis;
        int deliveries;
        int failures;
        String lastFailureReason = "";

        Outstanding(long offset, StreamMessage message) {
            this.offset = offset;
            this.message = message;
        }
    }

    final String name;
    final Topic topic;
    final SubscriptionType type;
    final Map<String, ConsumerEntry> consumers = new LinkedHashMap<>();
    private final BrokerCore core;
    SubscriptionFailurePolicy policy;
    private int roundRobin;
    long ackedCount;
    long redeliveredCount;
    long deadLetteredCount;
    long droppedPoisonCount;

    // Reliable topics only. Offsets below ackFloor are settled; settledAbove holds settled offsets beyond it.
    long nextOffset;
    long ackFloor;
    final TreeSet<Long> settledAbove = new TreeSet<>();
    final TreeMap<Long, Outstanding> outstanding = new TreeMap<>();

    private String ringMembers = "";
    private HashRing ring = new HashRing(List.of());

    Subscription(BrokerCore core, Topic topic, String name, SubscriptionType type,
                 SubscriptionFailurePolicy policy, long startOffset) {
        this.core = core;
        this.topic = topic;
        this.name = name;
        this.type = type;
        this.policy = policy;
        this.nextOffset = startOffset;
        this.ackFloor = startOffset;
    }

    boolean reliable() {
        return topic.reliable();
    }

    List<ConsumerEntry> connectedConsumers() {
        List<ConsumerEntry> connected = new ArrayList<>();
        for (ConsumerEntry c : consumers.values()) {
            if (c.connected()) {
                connected.add(c);
            }
        }
        return connected;
    }

    /**
     * The consumer that should get {@code message}, by subscription type; null when none can take it now.
     * With {@code requireReady} a consumer whose stream is not ready (client flow control) is not chosen.
     */
    ConsumerEntry pick(StreamMessage message, boolean requireReady) {
        List<ConsumerEntry> connected = connectedConsumers();
        if (connected.isEmpty()) {
            return null;
        }
        ConsumerEntry chosen;
        switch (type) {
            case Shared -> {
                for (int i = 0; i < connected.size(); i++) {
                    ConsumerEntry c = connected.get(Math.floorMod(roundRobin + i, connected.size()));
                    if (!requireReady || c.ready()) {
                        roundRobin = Math.floorMod(roundRobin + i + 1, connected.size());
                        return c;
                    }
                }
                return null;
            }
            case KeyShared -> chosen = pickByKey(message, connected);
            default -> chosen = connected.get(0); // Exclusive has one; Failover: the first connected is active
        }
        if (chosen == null || (requireReady && !chosen.ready())) {
            return null;
        }
        return chosen;
    }

    private ConsumerEntry pickByKey(StreamMessage message, List<ConsumerEntry> connected) {
        String key = effectiveRoutingKey(message);
        List<String> eligible = new ArrayList<>();
        for (ConsumerEntry c : connected) {
            if (c.keyFilter.matches(key)) {
                eligible.add(c.name);
            }
        }
        String members = String.join("\u0000", eligible);
        if (!members.equals(ringMembers)) {
            ringMembers = members;
            ring = new HashRing(eligible);
        }
        String owner = ring.owner(key);
        return owner == null ? null : consumers.get(owner);
    }

    /** Danube's {@code effective_routing_key}: the routing key, else the producer name. */
    static String effectiveRoutingKey(StreamMessage message) {
        return message.hasRoutingKey() && !message.getRoutingKey().isEmpty()
                ? message.getRoutingKey() : message.getProducerName();
    }

    // ------------------------------------------------------------------ non-reliable

    void dispatchNonReliable(StreamMessage message) {
        ConsumerEntry c = pick(message, false);
        if (c != null) {
            c.enqueueNonReliable(message);
            c.drainNonReliable();
        }
    }

    // ------------------------------------------------------------------ reliable

    /** Delivers what the window and the consumers' flow control allow: due redeliveries first, then new messages. */
    void pump(long now) {
        if (!reliable()) {
            for (ConsumerEntry c : consumers.values()) {
                c.drainNonReliable();
            }
            return;
        }
        for (Outstanding o : outstanding.values()) {
            if (o.state == Outstanding.State.WAITING && o.readyAtMillis <= now) {
                ConsumerEntry c = pick(o.message, true);
                if (c != null) {
                    if (o.deliveries > 0) {
                        redeliveredCount++;
                    }
                    deliver(o, c, now);
                }
            }
        }
        int window = core.settings().maxUnackedMessages();
        List<StreamMessage> log = topic.log;
        while (outstanding.size() < window && nextOffset < log.size()) {
            long offset = nextOffset;
            if (offset < ackFloor || settledAbove.contains(offset)) {
                nextOffset++;
                continue;
            }
            StreamMessage message = log.get((int) offset);
            ConsumerEntry c = pick(message, true);
            if (c == null) {
                return;
            }
            nextOffset++;
            Outstanding o = new Outstanding(offset, message);
            outstanding.put(offset, o);
            deliver(o, c, now);
        }
    }

    private void deliver(Outstanding o, ConsumerEntry c, long now) {
        o.deliveries++;
        if (c.send(o.message)) {
            o.state = Outstanding.State.DELIVERED;
            o.consumerId = c.id;
            o.deadlineMillis = now + policy.ackTimeout().toMillis();
        } else {
            // The stream broke under us: not the message's fault, try again without counting a failure.
            o.deliveries--;
            o.state = Outstanding.State.WAITING;
            o.readyAtMillis = now;
            releaseInFlight(c.id, now);
        }
    }

    /** Ack by topic offset; unknown or late offsets are accepted and ignored, as upstream. */
    void ack(long offset) {
        if (!reliable()) {
            return;
        }
        Outstanding o = outstanding.remove(offset);
        if (o != null) {
            ackedCount++;
            settle(offset);
        }
    }

    void nack(long offset, Long delayMillis, String reason, long now) {
        if (!reliable()) {
            return;
        }
        Outstanding o = outstanding.get(offset);
        if (o == null || o.state != Outstanding.State.DELIVERED) {
            return; // a late Nack is ignored
        }
        o.failures++;
        o.lastFailureReason = reason == null || reason.isEmpty() ? "nack" : reason;
        if (o.failures > policy.maxRedeliveryCount()) {
            poison(o, now);
        } else {
            o.state = Outstanding.State.WAITING;
            o.consumerId = 0;
            o.readyAtMillis = now + policy.nackDelayMillis(o.failures, delayMillis);
        }
    }

    /** Ack timeouts count as failures; then due redeliveries are sent. */
    void tick(long now) {
        if (!reliable()) {
            return;
        }
        List<Outstanding> expired = new ArrayList<>();
        for (Outstanding o : outstanding.values()) {
            if (o.state == Outstanding.State.DELIVERED && o.deadlineMillis <= now) {
                expired.add(o);
            }
        }
        for (Outstanding o : expired) {
            o.failures++;
            o.lastFailureReason = "ack timeout";
            if (o.failures > policy.maxRedeliveryCount()) {
                poison(o, now);
            } else {
                o.state = Outstanding.State.WAITING;
                o.consumerId = 0;
                o.readyAtMillis = now + policy.redeliveryDelayMillis(o.failures);
            }
        }
        pump(now);
    }

    /** The consumer's stream ended: its in-flight messages go back to the others without counting a failure. */
    void releaseInFlight(long consumerId, long now) {
        for (Outstanding o : outstanding.values()) {
            if (o.state == Outstanding.State.DELIVERED && o.consumerId == consumerId) {
                o.state = Outstanding.State.WAITING;
                o.consumerId = 0;
                o.readyAtMillis = now;
            }
        }
    }

    private void poison(Outstanding o, long now) {
        switch (policy.poisonPolicy()) {
            case BLOCK -> {
                o.state = Outstanding.State.BLOCKED;
                o.consumerId = 0;
            }
            case DROP -> {
                outstanding.remove(o.offset);
                droppedPoisonCount++;
                settle(o.offset);
            }
            case DEAD_LETTER -> {
                outstanding.remove(o.offset);
                deadLetteredCount++;
                settle(o.offset);
                core.publishDeadLetter(this, o);
            }
        }
    }

    private void settle(long offset) {
        if (offset == ackFloor) {
            ackFloor++;
            while (settledAbove.remove(ackFloor)) {
                ackFloor++;
            }
        } else if (offset > ackFloor) {
            settledAbove.add(offset);
        }
    }

    int blockedCount() {
        int blocked = 0;
        for (Outstanding o : outstanding.values()) {
            if (o.state == Outstanding.State.BLOCKED) {
                blocked++;
            }
        }
        return blocked;
    }

    /** Broker restart: consumers must re-register; what was in flight is delivered again from the stored log. */
    void resetAfterRestart() {
        consumers.clear();
        outstanding.clear();
        nextOffset = ackFloor;
        roundRobin = 0;
        ringMembers = "";
        ring = new HashRing(List.of());
    }

    void removeConsumer(ConsumerEntry consumer) {
        Iterator<ConsumerEntry> it = consumers.values().iterator();
        while (it.hasNext()) {
            if (it.next() == consumer) {
                it.remove();
            }
        }
    }
}
