package com.danubemessaging.connect.connectors.kafka;

import com.danubemessaging.connect.api.ConnectorException;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.RetryableException;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * Kafka client errors as the runtime's error kinds: what retrying cannot fix (credentials, ACLs, a missing start
 * offset with {@code auto_offset_reset = none}) is fatal with what to change, the rest is retryable.
 */
final class KafkaFailures {

    private KafkaFailures() {
    }

    static ConnectorException translate(KafkaException e, KafkaSourceSettings settings) {
        if (isPermanent(e)) {
            return fatal(e, settings);
        }
        return new RetryableException("kafka: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }

    static boolean isPermanent(KafkaException e) {
        return e instanceof AuthenticationException || e instanceof AuthorizationException
                || e instanceof InvalidOffsetException;
    }

    static FatalException fatal(KafkaException e, KafkaSourceSettings settings) {
        KafkaSecurity security = settings.security();
        if (e instanceof AuthenticationException) {
            return new FatalException("kafka: authentication with " + settings.bootstrapServers() + " failed"
                    + " (security_protocol " + security.protocol()
                    + (security.usesSasl() ? ", sasl_mechanism " + security.saslMechanism() : "") + "): "
                    + e.getMessage() + " - check kafka.sasl_username/sasl_password (or KAFKA_SASL_USERNAME/"
                    + "KAFKA_SASL_PASSWORD) and kafka.ssl_ca_file", e);
        }
        if (e instanceof TopicAuthorizationException topics) {
            return new FatalException("kafka: not authorized to read topics " + topics.unauthorizedTopics()
                    + " - grant the connector's principal Read and Describe on them", e);
        }
        if (e instanceof GroupAuthorizationException) {
            return new FatalException("kafka: not authorized for consumer group '" + settings.groupId()
                    + "' - grant the connector's principal Read on the group: " + e.getMessage(), e);
        }
        if (e instanceof AuthorizationException) {
            return new FatalException("kafka: not authorized: " + e.getMessage(), e);
        }
        if (e instanceof InvalidOffsetException invalid) {
            return new FatalException("kafka: no valid start offset for " + invalid.partitions()
                    + " and kafka.auto_offset_reset = " + settings.autoOffsetReset() + " (" + e.getMessage()
                    + ") - set auto_offset_reset to earliest or latest, or commit offsets for the group", e);
        }
        return new FatalException("kafka: " + e.getMessage(), e);
    }
}
