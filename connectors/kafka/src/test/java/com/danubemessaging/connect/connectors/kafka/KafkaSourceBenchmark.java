package com.danubemessaging.connect.connectors.kafka;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.api.RetrySettings;
import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.MessageId;
import com.danubemessaging.connect.client.OutgoingMessage;
import com.danubemessaging.connect.client.Producer;
import com.danubemessaging.connect.runtime.RuntimeContext;
import com.danubemessaging.connect.runtime.health.HealthState;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import com.danubemessaging.connect.runtime.source.SourceRuntime;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Kafka → Danube throughput (docs/benchmarks.md, "source-kafka"): the same records of a 4-partition Kafka topic go to
 * a 4-partition reliable Danube topic, once through {@code source-kafka} run by the real {@code SourceRuntime}, and
 * once through a bare bridge written with the two bare clients (poll, send every record keyed, wait for the broker,
 * commitSync), each with the runtime's default {@code max_in_flight = 1} (strict order per partition) and with a
 * window of 256. The Kafka broker is the test broker (a child JVM); the Danube broker is the in-memory testkit broker
 * in this JVM. Also measured alone: draining the topic with a bare KafkaConsumer, and producing to Danube with a
 * bare producer. Not a test: run it with
 * {@code ./mvnw -B -q -Pbench -pl connectors/kafka -am -DskipTests process-test-classes} (optional
 * {@code -Dbench.messages=N}).
 */
public final class KafkaSourceBenchmark {
    private static final int PARTITIONS = 4;
    private static final int KEYS = 64;
    private static final String PAYLOAD = "{\"order\":%08d,\"customer\":\"c-0042\",\"amount\":129.90,\"currency\":\"EUR\"}";

    private KafkaSourceBenchmark() {
    }

    record Result(String what, int messages, double seconds) {
        double rate() {
            return messages / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("bench.messages", 50_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        KafkaTestBroker kafka = KafkaTestBroker.shared();
        String topic = "bench-" + System.currentTimeMillis();
        kafka.createTopic(topic, PARTITIONS);
        int payloadBytes = preload(kafka, topic, messages);
        List<Result> results = new ArrayList<>();
        try (DanubeTestBroker danube = DanubeTestBroker.builder().build().start()) {
            // warm-up (JIT, channels, group coordinator), not reported
            connector(kafka, danube, topic, "warm-connector", messages, 256);
            bareBridge(kafka, danube, topic, "warm-bare", messages, 256);
            for (int round = 1; round <= rounds; round++) {
                results.add(kafkaOnly(kafka, topic, "kafka-consumer-only-" + round, messages));
                results.add(danubeOnly(danube, "danube-producer-only-w256-" + round, messages, payloadBytes, 256));
                results.add(bareBridge(kafka, danube, topic, "bare-bridge-w1-" + round, messages, 1));
                results.add(connector(kafka, danube, topic, "source-kafka-w1-" + round, messages, 1));
                results.add(bareBridge(kafka, danube, topic, "bare-bridge-w256-" + round, messages, 256));
                results.add(connector(kafka, danube, topic, "source-kafka-w256-" + round, messages, 256));
            }
        } finally {
            kafka.close();
        }
        System.out.printf("%nKafka -> Danube: %,d records of %d bytes, %d Kafka partitions -> %d Danube partitions"
                + " (reliable), %d keys%n", messages, payloadBytes, PARTITIONS, PARTITIONS, KEYS);
        System.out.printf("%-28s %12s %10s%n", "run", "msg/s", "seconds");
        for (Result r : results) {
            System.out.printf("%-28s %,12.0f %10.2f%n", r.what(), r.rate(), r.seconds());
        }
        for (String window : List.of("w1", "w256")) {
            double bare = best(results, "bare-bridge-" + window);
            double connector = best(results, "source-kafka-" + window);
            System.out.printf("best %s: bare bridge %,.0f msg/s, source-kafka %,.0f msg/s, ratio %.2f%n", window,
                    bare, connector, connector / bare);
            double bareMedian = median(results, "bare-bridge-" + window);
            double connectorMedian = median(results, "source-kafka-" + window);
            System.out.printf("median %s: bare bridge %,.0f msg/s, source-kafka %,.0f msg/s, ratio %.2f%n", window,
                    bareMedian, connectorMedian, connectorMedian / bareMedian);
        }
        System.exit(0);
    }

    private static double best(List<Result> results, String prefix) {
        return results.stream().filter(r -> r.what().startsWith(prefix)).mapToDouble(Result::rate).max().orElse(0);
    }

    private static double median(List<Result> results, String prefix) {
        double[] rates = results.stream().filter(r -> r.what().startsWith(prefix)).mapToDouble(Result::rate).sorted()
                .toArray();
        if (rates.length == 0) {
            return 0;
        }
        int mid = rates.length / 2;
        return rates.length % 2 == 1 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
    }

    private static int preload(KafkaTestBroker kafka, String topic, int messages) throws Exception {
        int size = 0;
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (int i = 0; i < messages; i++) {
                byte[] value = PAYLOAD.formatted(i).getBytes(StandardCharsets.UTF_8);
                size = value.length;
                producer.send(new ProducerRecord<>(topic, ("customer-" + (i % KEYS)).getBytes(StandardCharsets.UTF_8),
                        value));
            }
            producer.flush();
        }
        return size;
    }

    /** source-kafka in the real SourceRuntime, from start until Danube stored every record. */
    static Result connector(KafkaTestBroker kafka, DanubeTestBroker danube, String topic, String name, int messages,
                            int window) throws Exception {
        String danubeTopic = "/default/" + name;
        Map<String, Object> table = new HashMap<>();
        table.put("bootstrap_servers", kafka.bootstrapServers());
        table.put("group_id", name);
        table.put("routes", List.of(Map.of("from", topic, "to", danubeTopic, "partitions", PARTITIONS)));
        table.put("include_metadata", false);
        ConnectorConfig config = ConnectorConfig.builder().serviceUrl(danube.serviceUrl()).connectorName(name)
                .retry(RetrySettings.defaults())
                .processing(ProcessingSettings.defaults().withMetricsPort(0).withMaxInFlight(window))
                .table("kafka", table).build();
        try (DanubeClient client = DanubeClient.builder().serviceUrl(danube.serviceUrl()).build();
             ConnectorMetrics metrics = new ConnectorMetrics(name)) {
            HealthState health = new HealthState();
            SourceRuntime runtime = new SourceRuntime(new KafkaSource(Map.of()),
                    new RuntimeContext(config, client, metrics, health));
            long start = System.nanoTime();
            Thread thread = new Thread(runtime::run, "runtime-" + name);
            thread.start();
            awaitStored(danube, danubeTopic, messages);
            double seconds = (System.nanoTime() - start) / 1e9;
            runtime.stop();
            runtime.awaitTermination(Duration.ofSeconds(30));
            return new Result(name, messages, seconds);
        }
    }

    /** The bridge a user would write with the bare clients: poll, send keyed, wait for the broker, commitSync. */
    static Result bareBridge(KafkaTestBroker kafka, DanubeTestBroker danube, String topic, String name, int messages,
                             int window) {
        long start = System.nanoTime();
        try (DanubeClient client = DanubeClient.builder().serviceUrl(danube.serviceUrl()).build();
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(kafka, name));
             Producer producer = client.newProducer().topic("/default/" + name).name(name).partitions(PARTITIONS)
                     .reliable(true).maxInFlight(window).create()) {
            consumer.subscribe(List.of(topic));
            int done = 0;
            while (done < messages) {
                List<CompletableFuture<MessageId>> sends = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    sends.add(producer.sendAsync(OutgoingMessage.of(r.value())
                            .key(new String(r.key(), StandardCharsets.UTF_8))));
                }
                CompletableFuture.allOf(sends.toArray(CompletableFuture<?>[]::new)).join();
                consumer.commitSync();
                done += sends.size();
            }
        }
        return new Result(name, messages, (System.nanoTime() - start) / 1e9);
    }

    /** Draining the topic with a bare KafkaConsumer: the upper bound of the Kafka side. */
    static Result kafkaOnly(KafkaTestBroker kafka, String topic, String name, int messages) {
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(kafka, name))) {
            consumer.subscribe(List.of(topic));
            int done = 0;
            while (done < messages) {
                done += consumer.poll(Duration.ofMillis(100)).count();
            }
            consumer.commitSync();
        }
        return new Result(name, messages, (System.nanoTime() - start) / 1e9);
    }

    /** Producing the same number of keyed messages with a bare Danube producer: the upper bound of the Danube side. */
    static Result danubeOnly(DanubeTestBroker danube, String name, int messages, int payloadBytes, int window) {
        byte[] payload = new byte[payloadBytes];
        long start = System.nanoTime();
        try (DanubeClient client = DanubeClient.builder().serviceUrl(danube.serviceUrl()).build();
             Producer producer = client.newProducer().topic("/default/" + name).name(name).partitions(PARTITIONS)
                     .reliable(true).maxInFlight(window).create()) {
            List<CompletableFuture<MessageId>> sends = new ArrayList<>(1000);
            for (int i = 0; i < messages; i++) {
                sends.add(producer.sendAsync(OutgoingMessage.of(payload).key("customer-" + (i % KEYS))));
                if (sends.size() == 1000) {
                    CompletableFuture.allOf(sends.toArray(CompletableFuture<?>[]::new)).join();
                    sends.clear();
                }
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture<?>[]::new)).join();
        }
        return new Result(name, messages, (System.nanoTime() - start) / 1e9);
    }

    private static Properties consumerProperties(KafkaTestBroker kafka, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    private static void awaitStored(DanubeTestBroker danube, String topic, int messages) throws InterruptedException {
        while (true) {
            long stored = 0;
            for (int p = 0; p < PARTITIONS; p++) {
                stored += danube.messageCount(topic + "-part-" + p);
            }
            if (stored >= messages) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}
