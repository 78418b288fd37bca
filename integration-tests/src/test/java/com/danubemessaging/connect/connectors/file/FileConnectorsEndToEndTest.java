package com.danubemessaging.connect.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.runtime.RuntimeHarness;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * source-file → testkit broker → sink-file through the real runtimes, configured from TOML and found by id like the
 * runnable does. The broker starts new subscriptions at the latest message, as Danube does, so each test waits for
 * the sink's subscription before it writes input lines.
 */
class FileConnectorsEndToEndTest extends FileConnectorsTestBase {

    private String textOrJsonSource(String name, String topic, Path input, String format) {
        return sourceToml(name, topic, input, "format = \"" + format + "\"");
    }

    private String exclusiveSink(String name, String topic, Path output, String format) {
        return sinkToml(name, topic, output, "subscription_type = \"Exclusive\"\nformat = \"" + format + "\"");
    }

    /** Source first (its producer creates the topic), then the sink, subscribed before any line is written. */
    private void startBoth(String sourceToml, String sinkToml, String topic, String subscription) {
        RuntimeHarness source = start("source-file", sourceToml);
        await().atMost(WAIT).until(() -> source.ready() && broker.topics().contains(topic));
        RuntimeHarness sink = start("sink-file", sinkToml);
        await().atMost(WAIT).until(() -> sink.ready() && !broker.activeConsumers(topic, subscription).isEmpty());
    }

    private static void append(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> numbered(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "line " + i + " ünïcödé \"quoted\"").toList();
    }

    @Test
    void everyLineArrivesAndARestartedSourceResumesFromItsCommittedOffset() throws Exception {
        String topic = "/default/file-e2e";
        Path input = dir.resolve("input.txt");
        Path output = dir.resolve("out/output.txt");
        Files.createFile(input);
        String sourceToml = textOrJsonSource("file-src", topic, input, "text");
        startBoth(sourceToml, exclusiveSink("file-sink", topic, output, "text"), topic, "file-sink-sub");

        append(input, numbered(0, 600));
        await().atMost(WAIT).until(() -> lines(output).size() >= 600);
        // the runtime sends a batch's records concurrently, so the topic does not keep the file's order
        assertThat(lines(output)).hasSize(600).containsExactlyInAnyOrderElementsOf(numbered(0, 600));
        Path offsetFile = Path.of(input + ".offset");
        await().atMost(WAIT).until(() -> Files.exists(offsetFile)
                && Files.readString(offsetFile).contains("\"offset\":" + Files.size(input) + ","));

        // stop the source mid-stream: lines 600-999 are in the file and on their way, 1000-1999 are written only
        // after the stop, so the stop lands before the end of the stream whatever the machine's speed
        append(input, numbered(600, 1000));
        RuntimeHarness firstSource = running.get(0);
        await().atMost(WAIT).until(() -> lines(output).size() >= 700);
        firstSource.stopAndAwait();
        long committedAtStop = new ObjectMapper().readTree(offsetFile.toFile()).get("offset").asLong();
        int arrivedAtStop = lines(output).size();
        long sizeAtStop = Files.size(input);
        append(input, numbered(1000, 2000));
        assertThat(arrivedAtStop).as("lines arrived at the stop").isBetween(700, 1000);
        assertThat(committedAtStop).as("offset committed at the stop").isPositive()
                .isLessThanOrEqualTo(sizeAtStop).isLessThan(Files.size(input));

        start("source-file", sourceToml);
        await().atMost(WAIT).until(() -> lines(output).size() >= 2000);

        List<String> all = lines(output);
        assertThat(new HashSet<>(all)).as("no line lost").isEqualTo(new HashSet<>(numbered(0, 2000)));
        assertThat(all).as("a graceful stop commits what the broker stored, so nothing is sent twice")
                .hasSize(2000);
        System.out.printf("file e2e: source stopped after %d of 2000 lines had arrived (offset %d of %d bytes);"
                + " after the restart all 2000 arrived, 0 lost, 0 duplicates%n", arrivedAtStop, committedAtStop,
                Files.size(input));
    }

    @Test
    void jsonLinesArriveWithMetadataAndABadLineIsCountedNotSent() throws Exception {
        String topic = "/default/file-json";
        Path input = dir.resolve("events.jsonl");
        Path output = dir.resolve("events-out.jsonl");
        Files.createFile(input);
        startBoth(textOrJsonSource("json-src", topic, input, "json"), exclusiveSink("json-sink", topic, output, "json"), topic,
                "json-sink-sub");
        RuntimeHarness source = running.get(0);

        List<String> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(i == 100 ? "{not json" : "{\"n\":" + i + ",\"name\":\"event-" + i + "\"}");
        }
        append(input, events);

        await().atMost(WAIT).until(() -> lines(output).size() >= 199);
        ObjectMapper mapper = new ObjectMapper();
        Set<Integer> seen = new HashSet<>();
        for (String line : lines(output)) {
            JsonNode node = mapper.readTree(line);
            assertThat(node.get("topic").asText()).isEqualTo(topic);
            assertThat(node.get("publish_time").asLong()).isPositive();
            assertThat(node.get("attributes").isObject()).isTrue();
            int n = node.get("payload").get("n").asInt();
            assertThat(node.get("payload").get("name").asText()).isEqualTo("event-" + n);
            seen.add(n);
        }
        assertThat(seen).hasSize(199).doesNotContain(100);
        await().atMost(WAIT).until(() -> source.counter("danube.connector.messages.failed", topic,
                "invalid_data") == 1);
        await().atMost(WAIT).until(() -> source.counter("danube.connector.messages.processed", topic, null) == 199);
    }
}
