package com.danubemessaging.connect.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * Redelivery rules of a reliable subscription, as Danube's {@code SubscriptionFailurePolicy}.
 * The defaults are the broker's: 5 redeliveries, 30 s ack timeout, 1 s base delay, 60 s max delay,
 * exponential backoff, no dead-letter topic, poison policy {@link PoisonPolicy#BLOCK}.
 *
 * @param maxRedeliveryCount      redeliveries allowed after the first delivery before the poison policy applies
 * @param ackTimeout              a delivered message not acked within this time counts as a failure
 * @param baseRedeliveryDelay     delay before the first redelivery
 * @param maxRedeliveryDelay      cap of every redelivery delay (also of a Nack's own delay)
 * @param backoffStrategy         how the delay grows with the failure count
 * @param deadLetterTopic         where {@link PoisonPolicy#DEAD_LETTER} publishes; null when none
 * @param poisonPolicy            what happens when the redeliveries are used up
 */
public record SubscriptionFailurePolicy(
        int maxRedeliveryCount,
        Duration ackTimeout,
        Duration baseRedeliveryDelay,
        Duration maxRedeliveryDelay,
        BackoffStrategy backoffStrategy,
        String deadLetterTopic,
        PoisonPolicy poisonPolicy) {

    /** How the redelivery delay grows with the number of failures. */
    public enum BackoffStrategy { FIXED, LINEAR, EXPONENTIAL }

    /** What the broker does with a message whose redeliveries are used up. */
    public enum PoisonPolicy {
        /** The message keeps its slot in the unacked window and is never delivered again. */
        BLOCK,
        /** The message is skipped as if acked. */
        DROP,
        /** The message is published to {@link #deadLetterTopic()} with {@code x-original-*} attributes, then skipped. */
        DEAD_LETTER
    }

    public SubscriptionFailurePolicy {
        if (maxRedeliveryCount < 0) {
            throw new IllegalArgumentException("maxRedeliveryCount must be >= 0, got " + maxRedeliveryCount);
        }
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        Objects.requireNonNull(baseRedeliveryDelay, "baseRedeliveryDelay");
        Objects.requireNonNull(maxRedeliveryDelay, "maxRedeliveryDelay");
        Objects.requireNonNull(backoffStrategy, "backoffStrategy");
        Objects.requireNonNull(poisonPolicy, "poisonPolicy");
        if (poisonPolicy == PoisonPolicy.DEAD_LETTER && (deadLetterTopic == null || deadLetterTopic.isBlank())) {
            throw new IllegalArgumentException("poison policy DEAD_LETTER needs a deadLetterTopic");
        }
        if (deadLetterTopic != null) {
            String[] parts = deadLetterTopic.split("/", -1);
            if (parts.length != 3 || !parts[0].isEmpty() || !TopicNames.isSegment(parts[1])
                    || !TopicNames.isSegment(parts[2])) {
                throw new IllegalArgumentException("dead-letter topic '" + deadLetterTopic
                        + "' is not of the form /namespace/topic");
            }
        }
    }

    /** The real broker's defaults. */
    public static SubscriptionFailurePolicy defaults() {
        return new SubscriptionFailurePolicy(5, Duration.ofMillis(30_000), Duration.ofMillis(1_000),
                Duration.ofMillis(60_000), BackoffStrategy.EXPONENTIAL, null, PoisonPolicy.BLOCK);
    }

    public SubscriptionFailurePolicy withMaxRedeliveryCount(int count) {
        return new SubscriptionFailurePolicy(count, ackTimeout, baseRedeliveryDelay, maxRedeliveryDelay,
                backoffStrategy, deadLetterTopic, poisonPolicy);
    }

    public SubscriptionFailurePolicy withAckTimeout(Duration timeout) {
        return new SubscriptionFailurePolicy(maxRedeliveryCount, timeout, baseRedeliveryDelay, maxRedeliveryDelay,
                backoffStrategy, deadLetterTopic, poisonPolicy);
    }

    public SubscriptionFailurePolicy withRedeliveryDelay(Duration base, Duration max) {
        return new SubscriptionFailurePolicy(maxRedeliveryCount, ackTimeout, base, max,
                backoffStrategy, deadLetterTopic, poisonPolicy);
    }

    public SubscriptionFailurePolicy withBackoffStrategy(BackoffStrategy strategy) {
        return new SubscriptionFailurePolicy(maxRedeliveryCount, ackTimeout, baseRedeliveryDelay, maxRedeliveryDelay,
                strategy, deadLetterTopic, poisonPolicy);
    }

    public SubscriptionFailurePolicy withPoisonPolicy(PoisonPolicy policy) {
        return new SubscriptionFailurePolicy(maxRedeliveryCount, ackTimeout, baseRedeliveryDelay, maxRedeliveryDelay,
                backoffStrategy, deadLetterTopic, policy);
    }

    /** Dead-letter policy publishing to {@code topic}. */
    public SubscriptionFailurePolicy withDeadLetterTopic(String topic) {
        return new SubscriptionFailurePolicy(maxRedeliveryCount, ackTimeout, baseRedeliveryDelay, maxRedeliveryDelay,
                backoffStrategy, topic, PoisonPolicy.DEAD_LETTER);
    }

    /** Delay before redelivery after the {@code failures}-th failure (1-based), without a Nack's own delay. */
    long redeliveryDelayMillis(int failures) {
        long base = baseRedeliveryDelay.toMillis();
        long max = maxRedeliveryDelay.toMillis();
        long delay = switch (backoffStrategy) {
            case FIXED -> base;
            case LINEAR -> base * Math.max(1, failures);
            case EXPONENTIAL -> base << Math.min(30, Math.max(0, failures - 1));
        };
        return Math.min(Math.max(0, delay), max);
    }

    /** The Nack rule: {@code max(policy delay, nack delay)} capped at the maximum. */
    long nackDelayMillis(int failures, Long nackDelayMillis) {
        long policy = redeliveryDelayMillis(failures);
        long requested = nackDelayMillis == null ? 0 : nackDelayMillis;
        return Math.min(Math.max(policy, requested), maxRedeliveryDelay.toMillis());
    }
}
