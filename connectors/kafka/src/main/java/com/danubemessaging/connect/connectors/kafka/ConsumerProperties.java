package com.danubemessaging.connect.connectors.kafka;

import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The {@link org.apache.kafka.clients.consumer.KafkaConsumer} properties of a {@link KafkaSourceSettings}: the
 * pass-through {@code [kafka.properties]} first, then what the connector owns (group, bytes deserializers, no
 * auto-commit) and the security keys, PEM material inline. Kafka logs its configuration with password values hidden;
 * the JAAS configuration and the PEM key are password-typed properties, so the secrets stay out of the log.
 */
final class ConsumerProperties {

    static final String PLAIN_LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private ConsumerProperties() {
    }

    static Properties of(KafkaSourceSettings settings) {
        Properties p = new Properties();
        p.putAll(settings.properties());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.clientId());
        // offsets are committed by KafkaSource only after Danube acknowledged the records
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.autoOffsetReset());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.maxPollRecords()));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        addSecurity(p, settings.security());
        return p;
    }

    private static void addSecurity(Properties p, KafkaSecurity security) {
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, security.protocol());
        if (security.usesSasl()) {
            p.put(SaslConfigs.SASL_MECHANISM, security.saslMechanism());
            if (security.saslUsername() != null) {
                p.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(security.saslMechanism(), security.saslUsername(),
                        security.saslPassword().value()));
            }
        }
        if (!security.usesTls()) {
            return;
        }
        if (security.sslCaPem() != null) {
            p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
            p.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, security.sslCaPem());
        }
        if (security.sslCertPem() != null) {
            p.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
            p.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, security.sslCertPem());
            p.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, security.sslKeyPem().value());
            if (security.sslKeyPassword() != null) {
                p.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, security.sslKeyPassword().value());
            }
        }
        if (!security.sslEndpointIdentification()) {
            p.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "");
        }
    }

    /** The {@code sasl.jaas.config} line of a user name and password for PLAIN or SCRAM. */
    static String jaasConfig(String mechanism, String username, String password) {
        String module = mechanism.equals("PLAIN") ? PLAIN_LOGIN_MODULE : SCRAM_LOGIN_MODULE;
        return module + " required username=\"" + quoted(username) + "\" password=\"" + quoted(password) + "\";";
    }

    /** Kafka parses JAAS values with a StreamTokenizer, which reads backslash escapes inside double quotes. */
    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
