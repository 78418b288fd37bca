package com.danubemessaging.connect.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The [kafka] table as the runnable loads it (ConfigLoader, placeholders resolved), then validated. */
class KafkaSourceSettingsTest {
    private static final String HEAD = """
            danube_service_url = "http://localhost:6650"
            connector_name = "kafka-bridge"
            """;
    private static final String MINIMAL = HEAD + """
            [kafka]
            bootstrap_servers = "kafka-1:9092,kafka-2:9092"
            group_id = "danube-bridge"
            [[kafka.routes]]
            from = "orders"
            to = "/default/orders"
            """;

    private static final String CA = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n";
    private static final String CERT = "-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n";
    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n";

    @TempDir
    Path dir;

    private static ConnectorConfig load(String toml, Map<String, String> env) {
        return new ConfigLoader(env).parse(toml, "connector.toml", null).config();
    }

    private static KafkaSourceSettings settings(String toml) {
        return KafkaSourceSettings.from(load(toml, Map.of()), Map.of());
    }

    private static void assertRefused(String toml, String message) {
        assertThatThrownBy(() -> settings(toml)).isInstanceOf(ConfigurationException.class).hasMessage(message);
    }

    @Test
    void defaults() {
        KafkaSourceSettings s = settings(MINIMAL);
        assertThat(s.bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(s.groupId()).isEqualTo("danube-bridge");
        assertThat(s.clientId()).startsWith("kafka-bridge-");
        assertThat(s.autoOffsetReset()).isEqualTo("earliest");
        assertThat(s.payloadFormat()).isEqualTo(PayloadFormat.BYTES);
        assertThat(s.includeMetadata()).isTrue();
        assertThat(s.pollTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.maxPollRecords()).as("[processing] batch_size").isEqualTo(1000);
        assertThat(s.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.security().protocol()).isEqualTo("PLAINTEXT");
        assertThat(s.routes()).singleElement().satisfies(r -> {
            assertThat(r.from()).isEqualTo("orders");
            assertThat(r.to()).isEqualTo("/default/orders");
            assertThat(r.partitions()).isZero();
            assertThat(r.reliableDispatch()).isTrue();
        });

        Properties p = ConsumerProperties.of(s);
        assertThat(p).containsEntry("enable.auto.commit", "false").containsEntry("group.id", "danube-bridge")
                .containsEntry("auto.offset.reset", "earliest").containsEntry("max.poll.records", "1000")
                .containsEntry("security.protocol", "PLAINTEXT")
                .containsEntry("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    }

    @Test
    void saslSslWithSecretsFromTheEnvironment() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), CA);
        Path cert = Files.writeString(dir.resolve("client.pem"), CERT);
        String toml = HEAD + """
                [kafka]
                bootstrap_servers = "kafka:9093"
                group_id = "g"
                security_protocol = "sasl_ssl"
                sasl_mechanism = "scram-sha-512"
                sasl_username = "${env:KAFKA_USER}"
                ssl_ca_file = "%s"
                ssl_cert_file = "%s"
                ssl_key_pem = "${env:CLIENT_KEY}"
                ssl_endpoint_identification = false
                [[kafka.routes]]
                from_pattern = "orders\\\\..*"
                to = "/default/orders"
                [kafka.properties]
                "fetch.max.bytes" = 1048576
                "session.timeout.ms" = "30000"
                """.formatted(ca, cert);
        Map<String, String> env = Map.of("KAFKA_USER", "bridge", "KAFKA_SASL_PASSWORD", "pa\"ss\\word", "CLIENT_KEY", KEY,
                "KAFKA_SSL_KEY_PASSWORD", "key-secret", "KAFKA_BOOTSTRAP_SERVERS", "override:9093");
        KafkaSourceSettings s = KafkaSourceSettings.from(load(toml, env), env);

        assertThat(s.bootstrapServers()).as("KAFKA_BOOTSTRAP_SERVERS wins").isEqualTo("override:9093");
        assertThat(s.routes().get(0).fromPattern().pattern()).isEqualTo("orders\\..*");
        assertThat(s.security().saslMechanism()).isEqualTo("SCRAM-SHA-512");
        assertThat(s.toString()).doesNotContain("pa\"ss").doesNotContain("key-secret").doesNotContain("PRIVATE KEY")
                .contains("[hidden]");

        Properties p = ConsumerProperties.of(s);
        assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"bridge\" password=\"pa\\\"ss\\\\word\";")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.certificates", CA)
                .containsEntry("ssl.keystore.type", "PEM").containsEntry("ssl.keystore.certificate.chain", CERT)
                .containsEntry("ssl.keystore.key", KEY).containsEntry("ssl.key.password", "key-secret")
                .containsEntry("ssl.endpoint.identification.algorithm", "")
                .containsEntry("fetch.max.bytes", "1048576").containsEntry("session.timeout.ms", "30000");
    }

    @Test
    void routesAreRequiredAndChecked() {
        String table = HEAD + """
                [kafka]
                bootstrap_servers = "k:9092"
                group_id = "g"
                """;
        assertRefused(table, "kafka.routes: required: at least one [[kafka.routes]] entry with from (or from_pattern)"
                + " and to");
        assertRefused(table + "[[kafka.routes]]\nfrom = \"a\"\nfrom_pattern = \"b.*\"\nto = \"/default/x\"\n",
                "kafka.routes[0]: set exactly one of from (a Kafka topic) and from_pattern (a regular expression"
                        + " over Kafka topic names)");
        assertRefused(table + "[[kafka.routes]]\nfrom = \"a b\"\nto = \"/default/x\"\n",
                "kafka.routes[0].from: \"a b\" is not a Kafka topic name (letters, digits, '.', '_' and '-', at most"
                        + " 249)");
        assertRefused(table + "[[kafka.routes]]\nfrom_pattern = \"(\"\nto = \"/default/x\"\n",
                "kafka.routes[0].from_pattern: not a valid regular expression: Unclosed group near index 1");
        assertRefused(table + "[[kafka.routes]]\nfrom = \"a\"\nto = \"orders\"\n",
                "kafka.routes[0].to: must be /namespace/topic (letters, digits, _ and -), got \"orders\"");
        assertRefused(table + "[[kafka.routes]]\nfrom = \"a\"\n", "kafka.routes[0].to: required");
        assertRefused(table + "[[kafka.routes]]\nfrom = \"a\"\nto = \"/default/x\"\npartitions = 2\n"
                        + "[[kafka.routes]]\nfrom = \"b\"\nto = \"/default/x\"\n",
                "kafka.routes[1].to: /default/x is also the target of an earlier route with other partitions or"
                        + " reliable_dispatch; one Danube topic has one setting");
        ConnectorConfig typo = load(table + "[[kafka.routes]]\nfrom = \"a\"\nto = \"/default/x\"\nparititons = 2\n",
                Map.of());
        KafkaSourceSettings.from(typo, Map.of());
        assertThat(typo.unknownKeys().found()).containsExactly(
                "kafka.routes[0].parititons: unknown key, ignored (did you mean kafka.routes[0].partitions?)");
    }

    @Test
    void requiredKeysUnknownKeysAndBadValuesNameTheKey() {
        assertRefused(MINIMAL.replace("bootstrap_servers = \"kafka-1:9092,kafka-2:9092\"\n", ""),
                "kafka.bootstrap_servers: required");
        assertRefused(MINIMAL.replace("group_id = \"danube-bridge\"\n", ""), "kafka.group_id: required");
        ConnectorConfig typo = load(MINIMAL.replace("[kafka]", "[kafka]\ngroupid = \"x\""), Map.of());
        KafkaSourceSettings.from(typo, Map.of());
        assertThat(typo.unknownKeys().found())
                .containsExactly("kafka.groupid: unknown key, ignored (did you mean kafka.group_id?)");
        assertRefused(MINIMAL.replace("[kafka]", "[kafka]\nauto_offset_reset = \"smallest\""),
                "kafka.auto_offset_reset: must be one of earliest, latest, none (got \"smallest\")");
        assertRefused(MINIMAL.replace("[kafka]", "[kafka]\npayload_format = \"avro\""),
                "kafka.payload_format: must be \"bytes\", \"json\" or \"string\" (got \"avro\")");
        assertRefused(MINIMAL.replace("[kafka]", "[kafka]\npoll_timeout_ms = 0"),
                "kafka.poll_timeout_ms: must be > 0 (got 0)");
        assertRefused(MINIMAL.replace("[kafka]", "[kafka]\nsecurity_protocol = \"TLS\""),
                "kafka.security_protocol: must be one of PLAINTEXT, SASL_PLAINTEXT, SASL_SSL, SSL (got \"TLS\")");
        assertThatThrownBy(() -> settings(MINIMAL.replace("[kafka]", "[kafka]\nmax_poll_records = \"many\"")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("kafka.max_poll_records: expected");
    }

    @Test
    void passThroughPropertiesMustBeKafkaConsumerPropertiesTheConnectorDoesNotOwn() {
        assertRefused(MINIMAL + "[kafka.properties]\n\"enable.auto.commit\" = true\n",
                "kafka.properties.\"enable.auto.commit\": not allowed here: offsets are committed by the connector,"
                        + " after Danube acknowledged the records");
        assertRefused(MINIMAL + "[kafka.properties]\n\"group.id\" = \"x\"\n",
                "kafka.properties.\"group.id\": not allowed here: use kafka.group_id");
        assertRefused(MINIMAL + "[kafka.properties]\n\"fetch.maximum.bytes\" = 1\n",
                "kafka.properties.\"fetch.maximum.bytes\": not a Kafka consumer property (names are dotted, e.g."
                        + " \"fetch.max.bytes\"; see the Kafka consumer configuration reference)");
    }

    @Test
    void saslAndTlsKeysAreCheckedAgainstTheProtocol() {
        String sasl = MINIMAL.replace("[kafka]", "[kafka]\nsecurity_protocol = \"SASL_PLAINTEXT\"");
        assertRefused(sasl, "kafka.sasl_username (or env KAFKA_SASL_USERNAME): required");
        assertRefused(sasl.replace("[kafka]", "[kafka]\nsasl_username = \"u\""),
                "kafka.sasl_password: required with security_protocol SASL_PLAINTEXT (set it, preferably as"
                        + " \"${env:KAFKA_SASL_PASSWORD}\", or set env KAFKA_SASL_PASSWORD)");
        assertRefused(sasl.replace("[kafka]", "[kafka]\nsasl_mechanism = \"OAUTHBEARER\""),
                "kafka.sasl_mechanism: \"OAUTHBEARER\" needs its own kafka.properties.\"sasl.jaas.config\"; with"
                        + " sasl_username/sasl_password use one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512");
        assertThat(KafkaSourceSettings.from(load(sasl.replace("[kafka]", "[kafka]\nsasl_mechanism = \"OAUTHBEARER\"")
                + "[kafka.properties]\n\"sasl.jaas.config\" = \"x required;\"\n", Map.of()), Map.of()).security()
                .saslMechanism()).isEqualTo("OAUTHBEARER");
        assertRefused(MINIMAL.replace("[kafka]", "[kafka]\nsasl_username = \"u\""),
                "kafka.sasl_username: only used with security_protocol SASL_PLAINTEXT or SASL_SSL (it is PLAINTEXT)");
        assertRefused(MINIMAL.replace("[kafka]", "[kafka]\nssl_ca_file = \"/nope.pem\""),
                "kafka.ssl_ca_file: only used with security_protocol SSL or SASL_SSL (it is PLAINTEXT)");
        assertRefused(MINIMAL.replace("[kafka]", "[kafka]\nsecurity_protocol = \"SSL\"\nssl_ca_file = \"/nope.pem\""),
                "kafka.ssl_ca_file: cannot read /nope.pem (NoSuchFileException)");
        assertRefused(MINIMAL.replace("[kafka]", "[kafka]\nsecurity_protocol = \"SSL\"\nssl_key_pem = \"secret-bytes\""
                        + "\nssl_cert_pem = \"\"\"" + CERT + "\"\"\""),
                "kafka.ssl_key_pem: not PEM (no \"-----BEGIN \" line)");
        assertRefused(MINIMAL.replace("[kafka]", "[kafka]\nsecurity_protocol = \"SSL\"\nssl_ca_file = \"/x.pem\""
                        + "\nssl_ca_pem = \"y\""),
                "kafka.ssl_ca_file: set either it or kafka.ssl_ca_pem, not both");
    }

    @Test
    void mutualTlsNeedsCertificateAndKey() throws IOException {
        Path cert = Files.writeString(dir.resolve("c.pem"), CERT);
        assertRefused(MINIMAL.replace("[kafka]", "[kafka]\nsecurity_protocol = \"SSL\"\nssl_cert_file = \"" + cert
                + "\""), "kafka.ssl_key_file: required together with kafka.ssl_cert_file (mutual TLS needs both; or"
                + " ssl_cert_pem and ssl_key_pem)");
    }
}
