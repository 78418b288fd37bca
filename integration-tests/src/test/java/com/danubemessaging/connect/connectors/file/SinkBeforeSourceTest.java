package com.danubemessaging.connect.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.runtime.RuntimeHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A sink started before its source: on Danube every new subscription starts at the latest message and only
 * producers create topics (danube {@code dispatcher/subscription_engine.rs} {@code create_reader(StartPosition::Latest)},
 * {@code broker_server/consumer_handler.rs} {@code get_topic(…, false)}), so the sink creates the missing topic itself
 * and subscribes before the source can publish. Runs the shipped file connectors from TOML through the real runtimes
 * against a testkit broker with Danube's defaults.
 */
class SinkBeforeSourceTest extends FileConnectorsTestBase {

    private String source(String topic, Path input, boolean reliable, int partitions) {
        return sourceToml("first-lines-src", topic, input, "reliable_dispatch = " + reliable + "\npartitions = "
                + partitions);
    }

    private static List<String> numbered(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "line " + i).toList();
    }

    @Test
    void aSinkStartedBeforeItsSourceCreatesTheTopicAndGetsRecordOne() throws Exception {
        String topic = "/default/sink-before-source";
        Path input = Files.write(dir.resolve("input.txt"), numbered(300), StandardCharsets.UTF_8);
        Path output = dir.resolve("output.txt");

        RuntimeHarness sink = start("sink-file", sinkToml("first-lines-sink", topic, output, "partitions = 2"));
        await().atMost(WAIT).until(sink::ready);
        assertThat(broker.topics()).as("the sink created its topic, partitioned as configured")
                .contains(topic + "-part-0", topic + "-part-1").doesNotContain(topic);
        assertThat(broker.messages(topic + "-part-0")).isEmpty();

        // the source publishes the whole file at once, starting with line 1
        start("source-file", source(topic, input, true, 2));
        await().atMost(WAIT).until(() -> lines(output).size() >= 300);
        assertThat(lines(output)).hasSize(300).contains("line 1").containsExactlyInAnyOrderElementsOf(numbered(300));
    }

    @Test
    void aSinkWhoseTopicIsReliableStopsASourceThatWantsItNonReliable() throws Exception {
        String topic = "/default/strategy-sink-first";
        RuntimeHarness sink = start("sink-file", sinkToml("first-lines-sink", topic, dir.resolve("out-1.txt"), ""));
        await().atMost(WAIT).until(sink::ready);

        RuntimeHarness source = start("source-file", source(topic, Files.createFile(dir.resolve("in-1.txt")),
                false, 0));
        Throwable failure = awaitFailure(source);
        assertThat(failure).hasMessageContaining("Dispatch strategy mismatch for topic '" + topic + "'")
                .hasMessageContaining("Producer requested dispatch strategy does not match topic strategy");
    }

    @Test
    void aSinkConfiguredReliableStopsOnANonReliableTopicItsSourceCreated() throws Exception {
        String topic = "/default/strategy-source-first";
        RuntimeHarness source = start("source-file", source(topic, Files.createFile(dir.resolve("in-2.txt")),
                false, 0));
        await().atMost(WAIT).until(() -> source.ready() && broker.topics().contains(topic));

        RuntimeHarness sink = start("sink-file", sinkToml("first-lines-sink", topic, dir.resolve("out-2.txt"), ""));
        Throwable failure = awaitFailure(sink);
        assertThat(failure).hasMessageContaining("topic " + topic + " does not have the dispatch strategy this sink "
                        + "is configured with (reliable)")
                .hasMessageContaining("Producer requested dispatch strategy does not match topic strategy");

        RuntimeHarness agreeing = start("sink-file", sinkToml("first-lines-sink", topic, dir.resolve("out-3.txt"),
                "reliable_dispatch = false"));
        await().atMost(WAIT).until(agreeing::ready);
    }

    private static Throwable awaitFailure(RuntimeHarness runtime) {
        await().atMost(WAIT).until(runtime::exited);
        Throwable failure = runtime.failure();
        assertThat(failure).as("the runtime must stop with an error").isNotNull();
        return failure;
    }
}
