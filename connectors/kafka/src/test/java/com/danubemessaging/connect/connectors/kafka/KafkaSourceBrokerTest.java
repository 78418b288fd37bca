package com.danubemessaging.connect.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.Offset;
import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.api.RetrySettings;
import com.danubemessaging.connect.api.SourceRecord;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/**
 * {@link KafkaSource} against the real Kafka broker, driven the way the runtime drives it (poll, then commit with
 * the offsets Danube acknowledged), to check exactly what is committed when.
 */
class KafkaSourceBrokerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final KafkaTestBroker kafka = KafkaTestBroker.shared();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void recordsCarryKeyHeadersAndMetadataAndOnlyAcknowledgedOffsetsAreCommitted() throws Exception {
        String topic = "acked-" + run;
        String group = "g-acked-" + run;
        kafka.createTopic(topic, 2);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = 0; i < 10; i++) {
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, i % 2, bytes("key-" + i),
                        bytes("value-" + i));
                r.headers().add(new RecordHeader("trace-id", bytes("t" + i)));
                producer.send(r).get();
            }
        }
        KafkaSource source = start(group, Map.of("from", topic, "to", "/default/acked"), Map.of());
        List<SourceRecord> records = pollUntil(source, 10);

        SourceRecord first = records.stream().filter(r -> r.key().orElseThrow().equals("key-0")).findFirst()
                .orElseThrow();
        assertThat(first.topic()).isEqualTo("/default/acked");
        assertThat(first.bytes().orElseThrow()).isEqualTo(bytes("value-0"));
        assertThat(first.attributes()).containsEntry("trace-id", "t0").containsEntry("kafka.topic", topic)
                .containsEntry("kafka.partition", "0").containsEntry("kafka.offset", "0")
                .containsKey("kafka.timestamp").containsEntry("kafka.timestamp_type", "CreateTime");
        assertThat(first.offset().orElseThrow().partition()).isEqualTo(topic + "-0");
        assertThat(first.offset().orElseThrow().value()).isEqualTo(1);

        source.poll();
        assertThat(kafka.committed(group)).as("nothing is committed before Danube acknowledged").isEmpty();

        // the runtime acknowledges from its own thread: the third record of partition 0 (offset 2 -> next 3)
        Offset third = offsetOf(records, topic + "-0", 3);
        Thread acker = new Thread(() -> source.commit(List.of(third)));
        acker.start();
        acker.join();
        await().atMost(WAIT).until(() -> {
            source.poll();
            return kafka.committed(group).equals(Map.of(new TopicPartition(topic, 0), 3L));
        });
        source.shutdown();
        assertThat(kafka.committed(group)).as("shutdown commits only what was acknowledged")
                .isEqualTo(Map.of(new TopicPartition(topic, 0), 3L));

        KafkaSource again = start(group, Map.of("from", topic, "to", "/default/acked"), Map.of());
        List<SourceRecord> reread = pollUntil(again, 7);
        again.shutdown();
        assertThat(values(reread)).as("the unacknowledged records are read again, the acknowledged ones not")
                .containsExactlyInAnyOrder("value-1", "value-3", "value-5", "value-6", "value-7", "value-8",
                        "value-9");
    }

    @Test
    void aRebalanceCommitsWhatWasAcknowledgedAndTheRestIsReadAgainFromThere() throws Exception {
        String topic = "rebalance-" + run;
        String group = "g-rebalance-" + run;
        kafka.createTopic(topic, 4);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int p = 0; p < 4; p++) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, bytes(p + ":" + i))).get();
                }
            }
        }
        Map<String, Object> route = Map.of("from", topic, "to", "/default/rebalance");
        KafkaSource a = start(group, route, Map.of());
        List<SourceRecord> firstRead = pollUntil(a, 40);
        // Danube acknowledged the first 4 records of every partition; the other 6 are still in flight
        List<Offset> acknowledged = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            acknowledged.add(offsetOf(firstRead, topic + "-" + p, 4));
        }
        a.commit(acknowledged);

        Map<String, List<String>> readByB = new ConcurrentHashMap<>();
        AtomicBoolean stopB = new AtomicBoolean();
        List<Throwable> bErrors = new CopyOnWriteArrayList<>();
        Thread b = new Thread(() -> {
            KafkaSource source = start(group, route, Map.of());
            try {
                while (!stopB.get()) {
                    for (SourceRecord r : source.poll()) {
                        readByB.computeIfAbsent(r.attributes().get("kafka.partition"), k -> new CopyOnWriteArrayList<>())
                                .add(value(r));
                    }
                }
            } catch (Throwable e) {
                bErrors.add(e);
            } finally {
                source.shutdown();
            }
        }, "replica-b");
        b.start();

        // A goes on polling as the runtime does; the rebalance happens inside its poll
        Map<String, List<String>> readByAAfter = new HashMap<>();
        await().atMost(WAIT).until(() -> {
            for (SourceRecord r : a.poll()) {
                readByAAfter.computeIfAbsent(r.attributes().get("kafka.partition"), k -> new ArrayList<>())
                        .add(value(r));
            }
            return !readByB.isEmpty() && readByB.values().stream().mapToInt(List::size).sum()
                    + readByAAfter.values().stream().mapToInt(List::size).sum() >= 24;
        });
        assertThat(bErrors).isEmpty();
        assertThat(readByB).as("B took over some partitions").isNotEmpty();
        assertThat(kafka.committed(group).values()).as("A committed the acknowledged offsets when they were revoked")
                .containsOnly(4L).hasSize(4);
        Map<String, List<String>> reread = new HashMap<>(readByAAfter);
        reread.putAll(readByB);
        for (int p = 0; p < 4; p++) {
            List<String> expected = new ArrayList<>();
            for (int i = 4; i < 10; i++) {
                expected.add(p + ":" + i);
            }
            assertThat(reread.get(Integer.toString(p))).as("partition %s is read again from the committed offset", p)
                    .containsExactlyElementsOf(expected);
        }

        // the records A had in flight before the rebalance get acknowledged late: that must not move the offsets
        List<Offset> late = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            late.add(offsetOf(firstRead, topic + "-" + p, 10));
        }
        a.commit(late);
        for (int i = 0; i < 5; i++) {
            a.poll();
        }
        assertThat(kafka.committed(group).values()).as("acknowledgements of an earlier assignment are ignored")
                .containsOnly(4L);
        stopB.set(true);
        b.join(20_000);
        a.shutdown();
    }

    @Test
    void aRecordThatIsNotJsonIsInvalidDataAndItsOffsetIsCommittedOnceHandled() throws Exception {
        String topic = "invalid-" + run;
        String group = "g-invalid-" + run;
        kafka.createTopic(topic, 1);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (String v : List.of("{\"n\":0}", "{\"n\":1}", "not json", "{\"n\":3}", "{broken")) {
                producer.send(new ProducerRecord<>(topic, 0, null, bytes(v))).get();
            }
        }
        KafkaSource source = start(group, Map.of("from", topic, "to", "/default/invalid"),
                Map.of("payload_format", "json"));
        List<SourceRecord> good = pollUntil(source, 2);
        assertThat(good).extracting(r -> r.payload().get("n").asInt()).containsExactly(0, 1);
        source.commit(List.of(good.get(1).offset().orElseThrow()));

        assertThatThrownBy(source::poll).isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith("kafka record " + topic + "-0@2: value is not JSON (payload_format = \"json\")")
                .satisfies(e -> assertThat(((InvalidDataException) e).payload()).isEqualTo(bytes("not json")));
        List<SourceRecord> next = source.poll();
        assertThat(next).extracting(r -> r.payload().get("n").asInt()).containsExactly(3);
        source.commit(List.of(next.get(0).offset().orElseThrow()));
        assertThatThrownBy(source::poll).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining(topic + "-0@4");

        await().atMost(WAIT).until(() -> {
            source.poll();
            return Long.valueOf(5).equals(kafka.committed(group).get(new TopicPartition(topic, 0)));
        });
        source.shutdown();
    }

    @Test
    void saslSslWithThePasswordFromTheEnvironmentConsumes() throws Exception {
        String topic = "secure-" + run;
        kafka.createTopic(topic, 1);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(topic, bytes("k"), bytes("over tls"))).get();
        }
        KafkaSource source = new KafkaSource(Map.of("KAFKA_SASL_PASSWORD", KafkaTestBroker.SASL_PASSWORD));
        Map<String, Object> table = secureTable("g-secure-" + run, topic);
        // the CA as PEM text (as an env var from a Kubernetes Secret gives it) instead of a file
        table.remove("ssl_ca_file");
        table.put("ssl_ca_pem", Files.readString(kafka.certificates().caCert()));
        source.initialize(config(table, RetrySettings.defaults()));
        List<SourceRecord> records = pollUntil(source, 1);
        source.shutdown();
        assertThat(values(records)).containsExactly("over tls");
    }

    @Test
    void aWrongSaslPasswordStopsWithAnAuthenticationErrorThatDoesNotShowThePassword() {
        KafkaSource source = new KafkaSource(Map.of("KAFKA_SASL_PASSWORD", "wrong-secret"));
        assertThatThrownBy(() -> source.initialize(config(secureTable("g-wrong-" + run, "secure-wrong"),
                RetrySettings.defaults())))
                .isInstanceOf(FatalException.class)
                .hasMessageStartingWith("kafka: authentication with " + kafka.saslSslBootstrapServers()
                        + " failed (security_protocol SASL_SSL, sasl_mechanism PLAIN): ")
                .hasMessageContaining("Invalid username or password")
                .hasMessageNotContaining("wrong-secret");
    }

    private Map<String, Object> secureTable(String group, String topic) {
        Map<String, Object> table = new HashMap<>(kafkaTable(group, Map.of("from", topic, "to", "/default/secure"),
                Map.of()));
        table.put("bootstrap_servers", kafka.saslSslBootstrapServers());
        table.put("security_protocol", "SASL_SSL");
        table.put("sasl_mechanism", "PLAIN");
        table.put("sasl_username", KafkaTestBroker.SASL_USER);
        table.put("ssl_ca_file", kafka.certificates().caCert().toString());
        return table;
    }

    private KafkaSource start(String group, Map<String, Object> route, Map<String, Object> extra) {
        KafkaSource source = new KafkaSource(Map.of());
        source.initialize(config(kafkaTable(group, route, extra), RetrySettings.defaults()));
        return source;
    }

    private Map<String, Object> kafkaTable(String group, Map<String, Object> route, Map<String, Object> extra) {
        Map<String, Object> table = new HashMap<>();
        table.put("bootstrap_servers", kafka.bootstrapServers());
        table.put("group_id", group);
        table.put("routes", List.of(route));
        table.put("poll_timeout_ms", 100);
        table.put("properties", Map.of("session.timeout.ms", 6000, "heartbeat.interval.ms", 1000));
        table.putAll(extra);
        return table;
    }

    private static ConnectorConfig config(Map<String, Object> table, RetrySettings retry) {
        return ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("kafka-src")
                .instanceId("test").retry(retry).processing(ProcessingSettings.defaults().withBatchSize(100))
                .table("kafka", table).build();
    }

    private static List<SourceRecord> pollUntil(KafkaSource source, int count) {
        List<SourceRecord> records = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            records.addAll(source.poll());
            return records.size() >= count;
        });
        assertThat(records).hasSize(count);
        return records;
    }

    /** The offset of the {@code position}-th record (1-based) of a partition, i.e. next offset = position. */
    private static Offset offsetOf(List<SourceRecord> records, String partition, long position) {
        return records.stream().map(r -> r.offset().orElseThrow())
                .filter(o -> o.partition().equals(partition) && o.value() == position).findFirst()
                .orElseThrow(() -> new AssertionError("no record at " + partition + "@" + (position - 1)));
    }

    private static List<String> values(List<SourceRecord> records) {
        return records.stream().map(KafkaSourceBrokerTest::value).toList();
    }

    private static String value(SourceRecord record) {
        return new String(record.bytes().orElseThrow(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
