package com.danubemessaging.connect.connectors.kafka;

import com.danubemessaging.connect.testkit.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real Apache Kafka broker (the root pom's kafka.version) for the tests: one KRaft node that is controller and broker at once, started from
 * the Kafka server jars (Maven Central {@code org.apache.kafka:kafka_2.13}) in a child JVM, with a temporary log
 * directory and free ports. Two client listeners: PLAINTEXT, and SASL_SSL (mechanism PLAIN, user
 * {@value #SASL_USER}, a certificate signed by {@link #certificates()}'s CA). One broker serves every test class of
 * the module ({@link #shared()}); tests use their own topics and groups.
 */
final class KafkaTestBroker implements AutoCloseable {
    static final String SASL_USER = "danube-connector";
    static final String SASL_PASSWORD = "kafka-pa$$w\"rd";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static KafkaTestBroker shared;

    private final Path directory;
    private final TestCertificates certificates;
    private final ChildJvm process;
    private final int plaintextPort;
    private final int saslSslPort;
    private final Admin admin;

    private KafkaTestBroker(Path directory) throws IOException {
        this.directory = directory;
        this.certificates = TestCertificates.generate(directory.resolve("tls"));
        int[] ports = freePorts(3);
        this.plaintextPort = ports[0];
        this.saslSslPort = ports[2];
        Path properties = writeServerProperties(ports[1]);
        this.process = ChildJvm.start("kafka-broker", directory,
                List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                Map.of(), KafkaBrokerMain.class.getName(), properties.toString(),
                UUID.randomUUID().toString().replace("-", "").substring(0, 22));
        awaitListening();
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
        awaitReady();
    }

    /** The broker of this test JVM, started on first use and stopped when the JVM exits. */
    static synchronized KafkaTestBroker shared() {
        if (shared == null) {
            try {
                shared = new KafkaTestBroker(Files.createTempDirectory("kafka-test-broker"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the Kafka test broker", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "kafka-test-broker-stop"));
        }
        return shared;
    }

    private Path writeServerProperties(int controllerPort) throws IOException {
        Path keystore = directory.resolve("tls").resolve("server-keystore.pem");
        Files.writeString(keystore, Files.readString(certificates.serverKey()) + Files.readString(
                certificates.serverCert()), StandardCharsets.US_ASCII);
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + plaintextPort + ",CONTROLLER://127.0.0.1:" + controllerPort
                + ",SASL_SSL://127.0.0.1:" + saslSslPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + plaintextPort + ",SASL_SSL://127.0.0.1:"
                + saslSslPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL");
        p.put("sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.sasl_ssl.plain.sasl.jaas.config",
                ConsumerProperties.PLAIN_LOGIN_MODULE + " required user_" + SASL_USER + "=\""
                        + SASL_PASSWORD.replace("\\", "\\\\").replace("\"", "\\\"") + "\";");
        p.put("listener.name.sasl_ssl.ssl.keystore.type", "PEM");
        p.put("listener.name.sasl_ssl.ssl.keystore.location", keystore.toString());
        p.put("log.dirs", directory.resolve("data").toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // tests join and leave groups often: no initial delay, and short sessions allowed so that a consumer killed
        // with SIGKILL leaves its group in seconds (the connector config of those tests sets session.timeout.ms)
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.min.session.timeout.ms", "1000");
        Path file = directory.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "Kafka test broker (KRaft, combined mode)");
        }
        return file;
    }

    /** Waits for the PLAINTEXT port, so the admin client does not log refused connections while the JVM starts. */
    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka test broker exited:\n" + process.log());
            }
            try (Socket socket = new Socket("127.0.0.1", plaintextPort)) {
                return;
            } catch (IOException e) {
                sleep(50);
            }
        }
        process.close();
        throw new IllegalStateException("the Kafka test broker did not listen within " + START_TIMEOUT + ":\n"
                + process.log());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka test broker exited:\n" + process.log());
            }
            try {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("the Kafka test broker did not start within " + START_TIMEOUT + ": " + last
                + "\n" + process.log());
    }

    String bootstrapServers() {
        return "127.0.0.1:" + plaintextPort;
    }

    String saslSslBootstrapServers() {
        return "127.0.0.1:" + saslSslPort;
    }

    TestCertificates certificates() {
        return certificates;
    }

    Admin admin() {
        return admin;
    }

    /**
     * Creates a topic and waits until the broker leads every partition: the controller answers the creation before
     * the broker has applied it, and a producer that writes in between gets NOT_LEADER_OR_FOLLOWER.
     */
    void createTopic(String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!allPartitionsLed(name, partitions)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partitions of " + name + " got no leader within 30 s");
                }
                sleep(20);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create Kafka topic " + name + ": " + e, e);
        }
    }

    private boolean allPartitionsLed(String topic, int partitions) throws Exception {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic);
            return d.partitions().size() == partitions && d.partitions().stream().allMatch(p -> p.leader() != null);
        } catch (ExecutionException e) {
            return false; // not known to the broker yet
        }
    }

    /**
     * A producer whose records are acknowledged by the broker and kept in order per partition (one request in
     * flight, no idempotence, whose sequence numbers a retry on a loaded machine can get out of step); a record that
     * cannot be written fails within 30 s instead of being retried for minutes. The caller closes it.
     */
    KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    /** The group's committed offsets (next offset to read) per partition; empty when it committed nothing. */
    Map<TopicPartition, Long> committed(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> result = new HashMap<>();
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    result.put(tp, o.offset());
                }
            });
            return result;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of group " + group + ": " + e, e);
        }
    }

    /** The sum of the group's committed offsets: how many records it committed, for topics starting at 0. */
    long committedTotal(String group) {
        return committed(group).values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public synchronized void close() {
        try {
            admin.close(Duration.ZERO);
        } catch (RuntimeException e) {
            // the broker may be gone already
        }
        process.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    private static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        int[] ports = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }
}
