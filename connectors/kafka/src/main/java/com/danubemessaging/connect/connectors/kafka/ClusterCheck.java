package com.danubemessaging.connect.connectors.kafka;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.RetrySettings;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, creates the consumer and waits until the Kafka cluster answers a metadata request, trying
 * {@code [retry] max_retries} more times with the {@code [retry]} back-off (a bootstrap name that does not resolve
 * yet counts as unreachable too); an unreachable cluster then stops the connector with the address and the number
 * of attempts, instead of a consumer that silently polls nothing.
 */
final class ClusterCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCheck.class);

    private ClusterCheck() {
    }

    /** A consumer that reached the cluster, and the topics the cluster lists. */
    record Connected(Consumer<byte[], byte[]> consumer, Map<String, List<PartitionInfo>> topics) {
    }

    /**
     * @throws ConfigurationException when the consumer cannot be created from the settings
     * @throws FatalException         when the cluster was not reachable in any attempt, or refused the credentials
     */
    static Connected connect(Supplier<Consumer<byte[], byte[]>> factory, KafkaSourceSettings settings,
                             RetrySettings retry) {
        int attempts = retry.maxRetries() + 1;
        long backoff = Math.max(0, retry.retryBackoffMs());
        for (int attempt = 1; ; attempt++) {
            Consumer<byte[], byte[]> consumer = null;
            try {
                consumer = create(factory);
                return new Connected(consumer, consumer.listTopics(settings.connectionTimeout()));
            } catch (KafkaException e) {
                if (consumer != null) {
                    consumer.close();
                }
                if (KafkaFailures.isPermanent(e)) {
                    throw KafkaFailures.fatal(e, settings);
                }
                if (attempt >= attempts) {
                    throw new FatalException("kafka.bootstrap_servers: cannot reach the Kafka cluster at "
                            + settings.bootstrapServers() + " after " + attempts + " attempt(s) of "
                            + settings.connectionTimeout().toMillis() + " ms each (kafka.connection_timeout_ms,"
                            + " [retry] max_retries = " + retry.maxRetries() + "): " + e.getMessage(), e);
                }
                LOG.warn("Kafka cluster at {} not reachable (attempt {} of {}), trying again in {} ms: {}",
                        settings.bootstrapServers(), attempt, attempts, backoff, e.getMessage());
                sleep(backoff);
                backoff = Math.min(Math.max(1, backoff * 2), Math.max(backoff, retry.maxBackoffMs()));
            }
        }
    }

    /**
     * The consumer; a bootstrap address that does not resolve is unreachable (retried), any other construction
     * error is a configuration error.
     */
    private static Consumer<byte[], byte[]> create(Supplier<Consumer<byte[], byte[]>> factory) {
        try {
            return factory.get();
        } catch (KafkaException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ConfigException && String.valueOf(cause.getMessage()).contains("No resolvable")) {
                throw new KafkaException(cause.getMessage(), cause);
            }
            throw new ConfigurationException("kafka: the Kafka consumer cannot be created: " + cause.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FatalException("interrupted while waiting for the Kafka cluster", e);
        }
    }
}
