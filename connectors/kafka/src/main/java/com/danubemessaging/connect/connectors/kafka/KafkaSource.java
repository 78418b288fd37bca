package com.danubemessaging.connect.connectors.kafka;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.Offset;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.api.SourceRecord;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code source-kafka}: a Kafka consumer in a consumer group whose records are published to the Danube topics of
 * their routes, the Kafka key as the routing key and the headers as attributes.
 *
 * <p>At least once: a record's Kafka offset is committed only after the runtime reported (through {@link #commit})
 * that Danube acknowledged it and every earlier record of its partition. {@link #commit} may come from any thread,
 * so it only hands the offsets over; the thread that polls, which alone touches the {@code KafkaConsumer}, commits
 * them at its next {@link #poll} (asynchronously) and synchronously when partitions are revoked and at
 * {@link #shutdown}. On a rebalance the revoked partitions' acknowledged offsets are committed and everything
 * still in flight for them is forgotten: the new owner reads those records again from the committed offset.
 */
public final class KafkaSource implements SourceConnector {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, String> env;
    private final ReentrantLock consumerLock = new ReentrantLock();
    private final OffsetLedger ledger = new OffsetLedger();
    /** Records polled from Kafka and not yet handed to the runtime, in poll order. */
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffered = new ArrayDeque<>();

    private KafkaSourceSettings settings;
    private TopicRoutes routes;
    private KafkaRecordMapper mapper;
    private int batchSize;
    private Consumer<byte[], byte[]> consumer;
    /** The record last reported as invalid data; the runtime has handled it when it polls again. */
    private ConsumerRecord<byte[], byte[]> reportedInvalid;
    private volatile boolean closed;

    public KafkaSource() {
        this(System.getenv());
    }

    /** With an explicit environment, for the {@code KAFKA_*} overrides (tests). */
    KafkaSource(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public void initialize(ConnectorConfig config) {
        settings = KafkaSourceSettings.from(config, env);
        routes = new TopicRoutes(settings.routes());
        mapper = new KafkaRecordMapper(settings.payloadFormat(), settings.includeMetadata());
        batchSize = config.processing().batchSize();
        ClusterCheck.Connected connected = ClusterCheck.connect(
                () -> new KafkaConsumer<>(ConsumerProperties.of(settings)), settings, config.retry());
        consumer = connected.consumer();
        try {
            Map<String, List<PartitionInfo>> topics = connected.topics();
            routes.exactTopics().ifPresent(names -> names.stream().filter(t -> !topics.containsKey(t))
                    .forEach(t -> LOG.warn("Kafka topic '{}' does not exist (yet); the consumer waits for it", t)));
            subscribe();
        } catch (RuntimeException e) {
            closeConsumer();
            throw e;
        }
        LOG.info("source-kafka: group '{}' at {} ({}), routes {}", settings.groupId(), settings.bootstrapServers(),
                settings.security().protocol(), settings.routes().stream().map(KafkaRoute::describe).toList());
    }

    private void subscribe() {
        Rebalances listener = new Rebalances();
        Optional<List<String>> exact = routes.exactTopics();
        if (exact.isPresent()) {
            consumer.subscribe(exact.get(), listener);
        } else {
            consumer.subscribe(routes.subscriptionPattern(), listener);
        }
    }

    @Override
    public List<ProducerConfig> producerConfigs() {
        return routes.producerConfigs();
    }

    @Override
    public List<SourceRecord> poll() {
        consumerLock.lock();
        try {
            if (closed) {
                return List.of();
            }
            settleAcknowledged();
            commitAcknowledged();
            if (buffered.isEmpty()) {
                consumer.poll(settings.pollTimeout()).forEach(buffered::addLast);
            }
            return handOut();
        } catch (WakeupException e) {
            return List.of(); // shutdown() interrupted the poll
        } catch (KafkaException e) {
            throw KafkaFailures.translate(e, settings);
        } finally {
            consumerLock.unlock();
        }
    }

    /**
     * Converts buffered records, up to {@code batch_size}. A record that cannot be converted ends the batch; when it
     * comes first it is reported alone, as {@link InvalidDataException}, so the runtime counts or dead-letters it.
     */
    private List<SourceRecord> handOut() {
        List<SourceRecord> out = new ArrayList<>(Math.min(buffered.size(), batchSize));
        while (!buffered.isEmpty() && out.size() < batchSize) {
            ConsumerRecord<byte[], byte[]> record = buffered.peekFirst();
            SourceRecord converted;
            try {
                converted = mapper.map(record, routes.danubeTopic(record.topic()));
            } catch (InvalidDataException e) {
                if (!out.isEmpty()) {
                    return out;
                }
                buffered.pollFirst();
                reportedInvalid = record;
                throw e;
            }
            buffered.pollFirst();
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            out.add(converted.withOffset(ledger.handedOut(tp, record.offset())));
        }
        return out;
    }

    /** Folds in what the runtime acknowledged and the invalid record it handled since the last poll. */
    private void settleAcknowledged() {
        if (reportedInvalid != null) {
            ledger.handledInvalid(new TopicPartition(reportedInvalid.topic(), reportedInvalid.partition()),
                    reportedInvalid.offset());
            reportedInvalid = null;
        }
        ledger.applyAcknowledgements();
    }

    private void commitAcknowledged() {
        Map<TopicPartition, OffsetAndMetadata> commits = ledger.toCommit(null);
        if (commits.isEmpty()) {
            return;
        }
        ledger.requested(commits);
        consumer.commitAsync(commits, (offsets, error) -> {
            ledger.completed(commits, error == null);
            if (error != null) {
                LOG.warn("Committing Kafka offsets {} failed, sending them again with the next commit: {}",
                        commits, error.toString());
            }
        });
    }

    /** Commits and waits; a failure only means the records are read again by whoever owns the partitions next. */
    private void commitNow(Map<TopicPartition, OffsetAndMetadata> commits, String when) {
        if (commits.isEmpty()) {
            return;
        }
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                consumer.commitSync(commits, settings.connectionTimeout());
                ledger.completed(commits, true);
                LOG.debug("Committed Kafka offsets {} ({})", commits, when);
                return;
            } catch (WakeupException e) {
                // a wakeup meant for a poll that had already returned; the commit itself is still wanted
            } catch (KafkaException e) {
                LOG.warn("Committing Kafka offsets {} ({}) failed; those records will be read again: {}", commits,
                        when, e.toString());
                return;
            }
        }
    }

    /**
     * Called by the runtime once Danube acknowledged the records up to these offsets, possibly from another thread;
     * the polling thread commits them.
     */
    @Override
    public void commit(List<Offset> offsets) {
        ledger.acknowledged(offsets);
    }

    @Override
    public void healthCheck() {
        if (closed || !consumerLock.tryLock()) {
            return; // busy polling: the consumer is in use, which is health enough
        }
        try {
            consumer.listTopics(settings.connectionTimeout());
        } catch (WakeupException e) {
            // shutting down
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new RetryableException("kafka: the cluster at " + settings.bootstrapServers()
                    + " did not answer within " + settings.connectionTimeout().toMillis() + " ms", e);
        } catch (KafkaException e) {
            throw KafkaFailures.translate(e, settings);
        } finally {
            consumerLock.unlock();
        }
    }

    /** Commits what Danube acknowledged, leaves the group and closes the consumer. */
    @Override
    public void shutdown() {
        closed = true;
        if (consumer == null) {
            return;
        }
        if (!consumerLock.tryLock()) {
            consumer.wakeup();
            consumerLock.lock();
        }
        try {
            settleAcknowledged();
            commitNow(ledger.unconfirmed(null), "shutdown");
            closeConsumer();
        } finally {
            consumerLock.unlock();
        }
    }

    private void closeConsumer() {
        try {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (KafkaException e) {
            LOG.warn("Closing the Kafka consumer failed: {}", e.toString());
        }
    }

    /** Drops buffered records of partitions this consumer no longer owns. */
    private int dropBuffered(Collection<TopicPartition> partitions) {
        int before = buffered.size();
        buffered.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
        return before - buffered.size();
    }

    /** Runs on the polling thread, inside {@code consumer.poll} (or {@code close}). */
    private final class Rebalances implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            settleAcknowledged();
            commitNow(ledger.unconfirmed(partitions), "partitions revoked");
            int dropped = dropBuffered(partitions);
            ledger.removed(partitions);
            LOG.info("Kafka partitions revoked: {}; committed what Danube acknowledged, {} buffered record(s)"
                    + " dropped, records still in flight will be read again by the new owner", partitions, dropped);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            int dropped = dropBuffered(partitions);
            ledger.removed(partitions);
            LOG.warn("Kafka partitions lost (this consumer left the group, e.g. after max.poll.interval.ms): {};"
                    + " {} buffered record(s) dropped, uncommitted records will be read again", partitions, dropped);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            ledger.assigned(partitions);
            if (!partitions.isEmpty()) {
                LOG.info("Kafka partitions assigned: {}", partitions);
            }
        }
    }
}
