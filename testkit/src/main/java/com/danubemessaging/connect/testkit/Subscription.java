package com.danubemessaging.connect.testkit;

import com.danubemessaging.connect.proto.ConsumerRequest.SubscriptionType;
import com.danubemessaging.connect.proto.StreamMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One subscription of a topic: its consumers, how a message picks one of them, and on reliable topics the
 * cursor, the unacked window and redelivery. Only touched under the broker lock.
 *
 * <p>Consumers are never removed while the broker runs: upstream's {@code Dispatcher::remove_consumer}
 * ({@code danube-broker/src/dispatcher.rs}) is dead code, so a disconnected consumer only becomes inactive. Its
 * place in the list decides who is active on Exclusive and Failover subscriptions
 * ({@code dispatcher/exclusive.rs} {@code ExclusiveConsumerState::add_consumer}: the first one added, for good).
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
    /** Fixed when the subscription is created; later subscribers join with this type whatever they ask for. */
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
    /** When the cursor was last written to the (simulated) metadata store; starts at creation, as upstream. */
    long lastCursorFlushMillis;

    /** Watchdog ticks a reliable KeyShared consumer may stay disconnected before it leaves the ring (6 × 500 ms). */
    static final int KEY_SHARED_EVICTION_TICKS = 6;

    private String ringMembers = "";
    private HashRing ring = new HashRing(List.of());

    Subscription(BrokerCore core, Topic topic, String name, SubscriptionType type,
                 SubscriptionFailurePolicy policy, long startOffset, long nowMillis) {
        this.core = core;
        this.topic = topic;
        this.name = name;
        this.type = type;
        this.policy = policy;
        this.nextOffset = startOffset;
        this.ackFloor = startOffset;
        this.lastCursorFlushMillis = nowMillis;
    }

    boolean reliable() {
        return topic.reliable();
    }

    /** Exclusive and Failover share one dispatcher: a single active consumer ({@code dispatcher/exclusive.rs}). */
    boolean singleActiveConsumer() {
        return type == SubscriptionType.Exclusive || type == SubscriptionType.Failover;
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
        if (consumers.isEmpty()) {
            return null;
        }
        ConsumerEntry chosen;
        if (singleActiveConsumer()) {
            // The first consumer ever added stays the active one; while it is disconnected nobody gets anything.
            chosen = consumers.values().iterator().next();
            if (!chosen.connected()) {
                return null;
            }
        } else if (type == SubscriptionType.KeyShared) {
            chosen = pickByKey(message);
        } else {
            List<ConsumerEntry> connected = connectedConsumers();
            for (int i = 0; i < connected.size(); i++) {
                ConsumerEntry c = connected.get(Math.floorMod(roundRobin + i, connected.size()));
                if (!requireReady || c.ready()) {
                    roundRobin = Math.floorMod(roundRobin + i + 1, connected.size());
                    return c;
                }
            }
            return null;
        }
        if (chosen == null || (requireReady && !chosen.ready())) {
            return null;
        }
        return chosen;
    }

    /**
     * The owner of the message's key on the consistent-hash ring, or null when it is not connected. The ring keeps
     * disconnected consumers: on non-reliable topics their keys' messages are dropped
     * ({@code dispatcher/key_shared/non_reliable.rs}); on reliable topics they wait until the consumer comes back or
     * is evicted after {@link #KEY_SHARED_EVICTION_TICKS} watchdog ticks ({@code dispatcher/key_shared/reliable.rs}
     * {@code INACTIVE_EVICTION_TICKS}); an evicted consumer never rejoins the ring while the broker runs.
     */
    private ConsumerEntry pickByKey(StreamMessage message) {
        String key = effectiveRoutingKey(message);
        List<String> eligible = new ArrayList<>();
        for (ConsumerEntry c : consumers.values()) {
            if (!c.evictedFromRing && c.keyFilter.matches(key)) {
                eligible.add(c.name);
            }
        }
        String members = String.join("\u0000", eligible);
        if (!members.equals(ringMembers)) {
            ringMembers = members;
            ring = new HashRing(eligible);
        }
        String owner = ring.owner(key);
        ConsumerEntry chosen = owner == null ? null : consumers.get(owner);
        return chosen != null && chosen.connected() ? chosen : null;
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

    /**
     * Delivers what the window and the consumers' flow control allow: due redeliveries first, then new messages.
     * A message held by the Block poison policy stops new messages on Exclusive, Failover and Shared subscriptions
     * ({@code dispatcher/exclusive/reliable.rs} and {@code dispatcher/shared/reliable.rs}: "do NOT dispatch new
     * messages past the blocked offset"); on KeyShared it only holds its own key
     * ({@code dispatcher/key_shared/reliable.rs}, one in-flight message per key).
     */
    void pump(long now) {
        if (!reliable()) {
            for (ConsumerEntry c : consumers.values()) {
                c.drainNonReliable();
            }
            return;
        }
        boolean keyShared = type == SubscriptionType.KeyShared;
        Set<String> keysInFlight = new HashSet<>();
        boolean blocked = false;
        for (Outstanding o : outstanding.values()) {
            blocked |= o.state == Outstanding.State.BLOCKED;
            // KeyShared: only the oldest unsettled message of a key may be out (upstream InFlightWindow).
            boolean keyFree = !keyShared || keysInFlight.add(effectiveRoutingKey(o.message));
            if (keyFree && o.state == Outstanding.State.WAITING && o.readyAtMillis <= now) {
                ConsumerEntry c = pick(o.message, true);
                if (c != null) {
                    if (o.deliveries > 0) {
                        redeliveredCount++;
                    }
                    deliver(o, c, now);
                }
            }
        }
        if (blocked && !keyShared) {
            return;
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
            if (keyShared && !keysInFlight.add(effectiveRoutingKey(message))) {
                // Its key already has a message out: it takes a window slot and waits its turn.
                nextOffset++;
                outstanding.put(offset, new Outstanding(offset, message));
                continue;
            }
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

    /** Ack by topic offset; unknown, late or duplicate acks are accepted and ignored, as upstream. */
    void ack(long offset, long now) {
        if (!reliable()) {
            return;
        }
        Outstanding o = outstanding.get(offset);
        if (o == null || o.state != Outstanding.State.DELIVERED) {
            return;
        }
        outstanding.remove(offset);
        ackedCount++;
        settle(offset, now);
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

    /** The watchdog: ack timeouts count as failures; then due redeliveries are sent. */
    void tick(long now) {
        if (!reliable()) {
            return;
        }
        if (type == SubscriptionType.KeyShared) {
            for (ConsumerEntry c : consumers.values()) {
                c.inactiveTicks = c.connected() ? 0 : c.inactiveTicks + 1;
                if (c.inactiveTicks >= KEY_SHARED_EVICTION_TICKS) {
                    c.evictedFromRing = true;
                }
            }
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
                settle(o.offset, now);
            }
            case DEAD_LETTER -> {
                outstanding.remove(o.offset);
                deadLetteredCount++;
                settle(o.offset, now);
                core.publishDeadLetter(this, o);
            }
        }
    }

    /** Marks {@code offset} settled; when the contiguous floor moves, the cursor advances (and may be persisted). */
    private void settle(long offset, long now) {
        if (offset == ackFloor) {
            ackFloor++;
            while (settledAbove.remove(ackFloor)) {
                ackFloor++;
            }
            core.cursorAdvanced(this, ackFloor - 1, now);
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
}
