package com.danubemessaging.connect.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.SchemaInfo;
import com.danubemessaging.connect.api.SchemaMapping;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.api.SourceMode;
import com.danubemessaging.connect.api.VersionStrategy;
import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.testkit.DanubeBrokerExtension;
import com.danubemessaging.connect.testkit.SubscriptionStart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code [[schemas]]} handling and key routing, through both runtimes against the testkit broker. */
class SchemaAndRoutingTest {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaAndRoutingTest.class);
    private static final String ROW_SCHEMA_V1 = "{\"type\":\"object\",\"properties\":{\"seq\":{\"type\":\"integer\"}},"
            + "\"required\":[\"seq\"]}";
    private static final String ROW_SCHEMA_V2 = "{\"type\":\"object\",\"properties\":{\"seq\":{\"type\":\"integer\"},"
            + "\"note\":{\"type\":\"string\"}},\"required\":[\"seq\"]}";

    @RegisterExtension
    static final DanubeBrokerExtension DANUBE = DanubeBrokerExtension.create(b -> b
            .subscriptionStart(SubscriptionStart.EARLIEST).maxUnackedMessages(1000));

    @TempDir
    Path dir;

    /** Keeps every record it is handed, in arrival order. */
    static final class KeepingSink extends SharedSubscriptionSink {
        final List<SinkRecord> records = new CopyOnWriteArrayList<>();

        KeepingSink(String topic, String subscription) {
            super(topic, "keeper", subscription);
        }

        @Override
        public void processBatch(List<SinkRecord> batch) {
            records.addAll(batch);
        }
    }

    /** The seq of every record, duplicates kept. */
    private static List<Integer> seqs(List<SinkRecord> records) {
        return records.stream().map(r -> r.json().get("seq").asInt()).toList();
    }

    /** {@code 0 … n-1}. */
    private static List<Integer> upTo(int n) {
        return java.util.stream.IntStream.range(0, n).boxed().toList();
    }

    @Test
    void keyedRecordsOfAPartitionedTopicStayOnOnePartitionInOrder() throws Exception {
        String topic = "/default/keyed";
        int total = 700;
        SequenceSource source = new SequenceSource(topic, total, 50, SourceMode.POLLING);
        source.producers = List.of(ProducerConfig.of(topic, 3, true));
        KeepingSink sink = new KeepingSink(topic, "keyed-sub");
        sink.partitions = 3; // the sink starts first and creates the topic: with the source's layout
        try (RuntimeHarness sinkRun = RuntimeHarness.start(DANUBE.serviceUrl(), "keyed-sink", sink);
             RuntimeHarness sourceRun = RuntimeHarness.start(DANUBE.serviceUrl(), "keyed-source", source)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> sink.records.size() >= total);
            sourceRun.stopAndAwait();
            sinkRun.stopAndAwait();
        }
        Map<String, Set<Integer>> partitionsByKey = new HashMap<>();
        Map<String, List<Integer>> seqsByKey = new HashMap<>();
        for (SinkRecord r : sink.records) {
            String key = r.key().orElseThrow();
            int partition = r.partition().orElseThrow();
            assertThat(r.topic()).isEqualTo(topic);
            assertThat(r.partitionTopic()).isEqualTo(topic + "-part-" + partition);
            partitionsByKey.computeIfAbsent(key, k -> new HashSet<>()).add(partition);
            seqsByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r.json().get("seq").asInt());
        }
        // exactly 0 … total-1, each once: one loss plus one duplicate would not pass
        assertThat(seqs(sink.records)).containsExactlyInAnyOrderElementsOf(upTo(total));
        assertThat(partitionsByKey).hasSize(7).allSatisfy((key, partitions) -> assertThat(partitions).hasSize(1));
        assertThat(partitionsByKey.values().stream().flatMap(Set::stream).distinct().count())
                .as("seven keys spread over more than one of the three partitions").isGreaterThan(1);
        // the sink hands each partition's messages over in the order the broker stored them
        for (int p = 0; p < 3; p++) {
            int partition = p;
            List<Integer> stored = DANUBE.broker().messages(topic + "-part-" + p).stream()
                    .map(m -> Integer.parseInt(m.getAttributesMap().get("seq"))).toList();
            List<Integer> delivered = sink.records.stream()
                    .filter(r -> r.partition().orElseThrow() == partition)
                    .map(r -> r.json().get("seq").asInt()).toList();
            assertThat(delivered).as("partition %d", p).isEqualTo(stored);
        }
        // with the default max_in_flight = 1 the broker stores each key's records in source order
        assertThat(seqsByKey).allSatisfy((key, seqs) ->
                assertThat(seqs).as("key %s", key).isEqualTo(seqs.stream().sorted().toList()));
    }

    @Test
    void aJsonSchemaIsRegisteredAndEveryMessageCarriesIt() throws Exception {
        String topic = "/default/schema-rows";
        Path schemaFile = Files.writeString(dir.resolve("row.json"), ROW_SCHEMA_V1);
        SequenceSource source = new SequenceSource(topic, 40, 10, SourceMode.POLLING);
        KeepingSink sink = new KeepingSink(topic, "rows-sub");
        ConnectorConfig sourceConfig = RuntimeHarness.config(DANUBE.serviceUrl(), "rows-source")
                .addSchema(SchemaMapping.of(topic, "rows-value", "json_schema", schemaFile)).build();
        try (RuntimeHarness sinkRun = RuntimeHarness.start(DANUBE.serviceUrl(), "rows-sink", sink);
             RuntimeHarness sourceRun = RuntimeHarness.start(sourceConfig, source)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.records.size() >= 40);
            sourceRun.stopAndAwait();
            sinkRun.stopAndAwait();
        }
        assertThat(seqs(sink.records)).containsExactlyInAnyOrderElementsOf(upTo(40));
        assertThat(sink.records).allSatisfy(r -> {
            SchemaInfo schema = r.schema().orElseThrow();
            assertThat(schema.subject()).isEqualTo("rows-value");
            assertThat(schema.schemaType()).isEqualTo("json_schema");
            assertThat(schema.version()).isEqualTo(1);
            assertThat(schema.definitionText()).isEqualTo(ROW_SCHEMA_V1);
            assertThat(r.json().get("seq").isInt()).isTrue();
        });
    }

    @Test
    void aPinnedVersionIsUsedEvenWhenTheSubjectHasANewerOne() throws Exception {
        String topic = "/default/schema-pinned";
        registerTwoVersions("pinned-value");
        SequenceSource source = new SequenceSource(topic, 20, 10, SourceMode.POLLING);
        KeepingSink sink = new KeepingSink(topic, "pinned-sub");
        ConnectorConfig sourceConfig = RuntimeHarness.config(DANUBE.serviceUrl(), "pinned-source")
                .addSchema(new SchemaMapping(topic, "pinned-value", "json_schema", Optional.empty(), false,
                        VersionStrategy.pinned(1))).build();
        try (RuntimeHarness sinkRun = RuntimeHarness.start(DANUBE.serviceUrl(), "pinned-sink", sink);
             RuntimeHarness sourceRun = RuntimeHarness.start(sourceConfig, source)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.records.size() >= 20);
            sourceRun.stopAndAwait();
            sinkRun.stopAndAwait();
        }
        assertThat(seqs(sink.records)).containsExactlyInAnyOrderElementsOf(upTo(20));
        assertThat(sink.records).allSatisfy(r -> assertThat(r.schema().orElseThrow().version()).isEqualTo(1));
    }

    @Test
    void aMinimumVersionAboveTheLatestStopsTheSourceNamingTheSubject() {
        String topic = "/default/schema-minimum";
        registerTwoVersions("minimum-value");
        ConnectorConfig sourceConfig = RuntimeHarness.config(DANUBE.serviceUrl(), "minimum-source")
                .addSchema(new SchemaMapping(topic, "minimum-value", "json_schema", Optional.empty(), false,
                        VersionStrategy.minimum(3))).build();
        RuntimeHarness run = RuntimeHarness.start(sourceConfig, new SequenceSource(topic, 5, 5, SourceMode.POLLING));
        try (run) {
            assertThatThrownBy(() -> run.awaitExit(Duration.ofSeconds(30))).isInstanceOf(FatalException.class)
                    .hasMessageContaining("minimum-value").hasMessageContaining("3");
        }
        assertThat(DANUBE.broker().messageCount(topic)).isZero();
    }

    @Test
    void autoRegisterOffWithAnUnregisteredSubjectIsAClearConfigurationError() {
        String topic = "/default/schema-missing";
        ConnectorConfig sourceConfig = RuntimeHarness.config(DANUBE.serviceUrl(), "missing-source")
                .addSchema(new SchemaMapping(topic, "nobody-registered-this", "json_schema", Optional.empty(), false,
                        VersionStrategy.latest())).build();
        SequenceSource source = new SequenceSource(topic, 5, 5, SourceMode.POLLING);
        RuntimeHarness run = RuntimeHarness.start(sourceConfig, source);
        try (run) {
            assertThatThrownBy(() -> run.awaitExit(Duration.ofSeconds(30))).isInstanceOf(FatalException.class)
                    .hasMessageContaining("configuration error")
                    .hasMessageContaining("'nobody-registered-this'")
                    .hasMessageContaining("auto_register is off");
        }
        assertThat(source.commits).isEmpty();
    }

    private static void registerTwoVersions(String subject) {
        try (DanubeClient client = DanubeClient.builder().serviceUrl(DANUBE.serviceUrl()).build()) {
            client.schemaRegistry().register(subject, "json_schema", ROW_SCHEMA_V1.getBytes(StandardCharsets.UTF_8));
            client.schemaRegistry().register(subject, "json_schema", ROW_SCHEMA_V2.getBytes(StandardCharsets.UTF_8));
        }
    }
}
