package com.danubemessaging.connect.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SchemaInfo;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.api.SubscriptionType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {

    @TempDir
    Path dir;

    private Path output() {
        return dir.resolve("out/out.txt");
    }

    private FileSink start(Map<String, Object> overrides) {
        Map<String, Object> table = new HashMap<>();
        table.put("path", output().toString());
        table.put("topic", "/default/lines");
        table.put("subscription", "file-sub");
        table.putAll(overrides);
        FileSink sink = new FileSink();
        sink.initialize(ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("file-sink")
                .table("file", table).build());
        return sink;
    }

    private static SinkRecord record(String payload) {
        return SinkRecord.builder("/default/lines", payload.getBytes(StandardCharsets.UTF_8)).build();
    }

    @Test
    void consumerConfigDefaultsToSharedAndTheConnectorName() {
        assertThat(start(Map.of()).consumerConfigs()).containsExactly(
                ConsumerConfig.of("/default/lines", "file-sink", "file-sub", SubscriptionType.SHARED));
    }

    @Test
    void theTopicLayoutToCreateComesFromPartitionsAndReliableDispatch() {
        assertThat(start(Map.of("partitions", 3, "reliable_dispatch", false)).consumerConfigs().get(0))
                .satisfies(cc -> {
                    assertThat(cc.partitions()).isEqualTo(3);
                    assertThat(cc.reliableDispatch()).isFalse();
                });
        assertThat(start(Map.of()).consumerConfigs().get(0)).satisfies(cc -> {
            assertThat(cc.partitions()).isZero();
            assertThat(cc.reliableDispatch()).isTrue();
        });
        assertThatThrownBy(() -> start(Map.of("partitions", -1))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("file.partitions: must be >= 0");
    }

    @Test
    void everyUpstreamSubscriptionTypeSpellingIsAccepted() {
        Map<String, SubscriptionType> spellings = Map.of("Exclusive", SubscriptionType.EXCLUSIVE,
                "Shared", SubscriptionType.SHARED, "FailOver", SubscriptionType.FAILOVER,
                "Failover", SubscriptionType.FAILOVER, "KeyShared", SubscriptionType.KEY_SHARED);
        spellings.forEach((text, type) -> assertThat(start(Map.of("subscription_type", text, "consumer_name", "c"))
                .consumerConfigs().get(0)).isEqualTo(ConsumerConfig.of("/default/lines", "c", "file-sub", type)));
        assertThatThrownBy(() -> start(Map.of("subscription_type", "Broadcast")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("file.subscription_type");
    }

    @Test
    void textLinesAreAppendedUnquotedAndKeptAcrossBatchesAndRestarts() throws IOException {
        FileSink sink = start(Map.of());
        sink.processBatch(List.of(record("\"hello\""), record("plain text"), record("{\"a\":1}")));
        sink.processBatch(List.of(record("\"say \\\"hi\\\"\" trailing")));
        sink.shutdown();

        FileSink again = start(Map.of());
        again.processBatch(List.of(SinkRecord.builder("/default/lines", "\"as is\"".getBytes(StandardCharsets.UTF_8))
                .schema(new SchemaInfo(1, "lines", 1, "string", new byte[0])).build()));
        again.shutdown();

        assertThat(Files.readAllLines(output())).containsExactly("hello", "plain text", "{\"a\":1}",
                "\"say \\\"hi\\\"\" trailing", "\"as is\"");
    }

    @Test
    void jsonLinesCarryPayloadTopicPublishTimeAndAttributes() throws IOException {
        FileSink sink = start(Map.of("format", "json"));
        sink.processBatch(List.of(
                SinkRecord.builder("/default/lines", "{\"n\":7}".getBytes(StandardCharsets.UTF_8))
                        .publishTimeMillis(1_700_000_000_000L).attributes(Map.of("origin", "test"))
                        .key("k1").messageId("m-1").build(),
                record("\"text line\"")));
        sink.shutdown();

        List<String> lines = Files.readAllLines(output());
        assertThat(lines).hasSize(2);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode first = mapper.readTree(lines.get(0));
        assertThat(first.get("payload").get("n").asInt()).isEqualTo(7);
        assertThat(first.get("topic").asText()).isEqualTo("/default/lines");
        assertThat(first.get("publish_time").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(first.get("attributes").get("origin").asText()).isEqualTo("test");
        assertThat(first.get("key").asText()).isEqualTo("k1");
        assertThat(first.get("message_id").asText()).isEqualTo("m-1");
        assertThat(mapper.readTree(lines.get(1)).get("payload").asText()).isEqualTo("text line");
    }

    @Test
    void aRemovedOutputFileIsCreatedAgain() throws IOException {
        FileSink sink = start(Map.of());
        sink.processBatch(List.of(record("\"one\"")));
        Files.delete(output());

        sink.processBatch(List.of(record("\"two\"")));

        assertThat(Files.readAllLines(output())).containsExactly("two");
    }

    @Test
    void aWriteThatCannotHappenIsRetryableAndHealthCheckFails() throws IOException {
        FileSink sink = start(Map.of());
        sink.processBatch(List.of(record("\"one\"")));
        // the output directory is replaced by a plain file: the file cannot be created again
        Files.delete(output());
        Files.delete(output().getParent());
        Files.writeString(output().getParent(), "not a directory");

        assertThatThrownBy(() -> sink.processBatch(List.of(record("\"two\""))))
                .isInstanceOf(RetryableException.class).hasMessageContaining("cannot append 1 message(s)");
        assertThatThrownBy(sink::healthCheck).hasMessageContaining("is gone");
    }

    @Test
    void requiredKeysAreNamed() {
        assertThatThrownBy(() -> start(Map.of("subscription", " "))).hasMessage("file.subscription: required");
        assertThatThrownBy(() -> start(Map.of("topic", "/default"))).hasMessageContaining("file.topic");
        // a source-only key in a sink: ignored as danube-connect-core would, reported for the start-up WARN
        ConnectorConfig typo = ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("s")
                .table("file", Map.of("path", output().toString(), "topic", "/default/lines", "subscription", "s",
                        "start_from", "end")).build();
        new FileSink().initialize(typo);
        assertThat(typo.unknownKeys().found()).singleElement().asString()
                .startsWith("file.start_from: unknown key, ignored");
    }
}
