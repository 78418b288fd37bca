package com.danubemessaging.connect.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.Offset;
import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.SourceRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {

    @TempDir
    Path dir;

    private Path input() {
        return dir.resolve("in.txt");
    }

    private ConnectorConfig config(int batchSize, Map<String, Object> overrides) {
        Map<String, Object> table = new HashMap<>();
        table.put("path", input().toString());
        table.put("topic", "/default/lines");
        table.putAll(overrides);
        return ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("file-src")
                .processing(ProcessingSettings.defaults().withBatchSize(batchSize))
                .table("file", table).build();
    }

    private FileSource start(int batchSize, Map<String, Object> overrides) {
        FileSource source = new FileSource();
        source.initialize(config(batchSize, overrides));
        return source;
    }

    private void append(String text) throws IOException {
        Files.writeString(input(), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> texts(List<SourceRecord> records) {
        return records.stream().map(r -> r.payload().textValue()).toList();
    }

    private static List<Long> offsets(List<SourceRecord> records) {
        return records.stream().map(r -> r.offset().orElseThrow().value()).toList();
    }

    @Test
    void completeLinesBecomeStringRecordsWithTheBytePositionAfterEachLine() throws IOException {
        append("a\nbb\r\nccc");
        FileSource source = start(100, Map.of());

        List<SourceRecord> first = source.poll();

        assertThat(texts(first)).containsExactly("a", "bb");
        assertThat(offsets(first)).containsExactly(2L, 6L);
        assertThat(first).allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo("/default/lines");
            assertThat(r.offset().orElseThrow().partition()).isEqualTo(input().toString());
        });
        assertThat(source.poll()).as("the partial last line waits for its newline").isEmpty();

        append("\n");
        List<SourceRecord> second = source.poll();
        assertThat(texts(second)).containsExactly("ccc");
        assertThat(offsets(second)).containsExactly(10L);
    }

    @Test
    void producerConfigFollowsTheTable() {
        FileSource source = start(10, Map.of("partitions", 3, "reliable_dispatch", false));

        assertThat(source.producerConfigs()).containsExactly(ProducerConfig.of("/default/lines", 3, false));
        assertThat(start(10, Map.of()).producerConfigs()).containsExactly(ProducerConfig.of("/default/lines"));
    }

    @Test
    void aPollReturnsAtMostBatchSizeLines() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            text.append("line-").append(i).append('\n');
        }
        append(text.toString());
        FileSource source = start(10, Map.of());

        List<Integer> sizes = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (List<SourceRecord> batch = source.poll(); !batch.isEmpty(); batch = source.poll()) {
            sizes.add(batch.size());
            all.addAll(texts(batch));
        }

        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(all).hasSize(25).startsWith("line-0").endsWith("line-24");
    }

    @Test
    void aRestartResumesRightAfterTheLastCommittedLine() throws IOException {
        append("one\ntwo\nthree\nfour\n");
        FileSource first = start(100, Map.of());
        List<SourceRecord> records = first.poll();
        // the broker acknowledged only the first two records
        first.commit(List.of(records.get(1).offset().orElseThrow()));
        first.shutdown();

        Path offsetFile = Path.of(input() + ".offset");
        assertThat(offsetFile).exists();
        assertThat(Files.readString(offsetFile)).contains("\"offset\":8");
        assertThat(Path.of(offsetFile + ".tmp")).doesNotExist();

        FileSource second = start(100, Map.of());
        assertThat(texts(second.poll())).containsExactly("three", "four");
    }

    @Test
    void offsetsOfOtherPartitionsAreIgnoredAndAnExplicitOffsetFileIsUsed() throws IOException {
        append("x\ny\n");
        Path offsetFile = dir.resolve("state/offsets.json");
        FileSource source = start(100, Map.of("offset_file", offsetFile.toString()));
        List<SourceRecord> records = source.poll();

        source.commit(List.of(Offset.of("/elsewhere", 99)));
        assertThat(offsetFile).doesNotExist();
        source.commit(List.of(records.get(0).offset().orElseThrow(), Offset.of("/elsewhere", 99)));
        assertThat(Files.readString(offsetFile)).contains("\"offset\":2");
    }

    @Test
    void startFromEndSkipsWhatIsThereAndReadsWhatIsAppended() throws IOException {
        append("old-1\nold-2\n");
        FileSource source = start(100, Map.of("start_from", "end"));

        assertThat(source.poll()).isEmpty();
        append("new-1\n");
        assertThat(texts(source.poll())).containsExactly("new-1");
    }

    @Test
    void aCommittedOffsetWinsOverStartFromEnd() throws IOException {
        append("a\nb\nc\n");
        FileSource first = start(1, Map.of());
        first.commit(List.of(first.poll().get(0).offset().orElseThrow()));

        FileSource second = start(100, Map.of("start_from", "end"));
        assertThat(texts(second.poll())).containsExactly("b", "c");
    }

    @Test
    void aTruncatedFileIsReadFromItsStart() throws IOException {
        append("first-line-is-long\nsecond-line-is-long\n");
        FileSource source = start(100, Map.of());
        assertThat(source.poll()).hasSize(2);

        try (FileChannel channel = FileChannel.open(input(), StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        append("short\n");

        assertThat(texts(source.poll())).containsExactly("short");
    }

    @Test
    void aFileTruncatedWhileStoppedIsReadFromItsStart() throws IOException {
        append("first-line-is-long\nsecond-line-is-long\n");
        FileSource first = start(100, Map.of());
        List<SourceRecord> records = first.poll();
        first.commit(List.of(records.get(1).offset().orElseThrow()));

        try (FileChannel channel = FileChannel.open(input(), StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        append("short\n");

        assertThat(texts(start(100, Map.of()).poll())).containsExactly("short");
    }

    @Test
    void aRotatedFileIsReadFromItsStartEvenWhenItIsLonger() throws IOException {
        append("a\nb\n");
        FileSource source = start(100, Map.of());
        assertThat(source.poll()).hasSize(2);

        Files.move(input(), dir.resolve("in.txt.1"));
        append("after-rotation-1\nafter-rotation-2\n");

        assertThat(texts(source.poll())).containsExactly("after-rotation-1", "after-rotation-2");
    }

    @Test
    void aMissingFileIsWaitedFor() throws IOException {
        FileSource source = start(100, Map.of());
        assertThat(source.poll()).isEmpty();

        append("finally\n");
        assertThat(texts(source.poll())).containsExactly("finally");
    }

    @Test
    void jsonLinesAreParsedAndABadLineIsInvalidDataWhileTheOthersGoOn() throws IOException {
        append("{\"n\":1}\n\n{\"n\":2}\nnot json\n{\"n\":3}\n{\"n\":4} trailing\n");
        FileSource source = start(100, Map.of("format", "json"));

        List<SourceRecord> first = source.poll();
        assertThat(first).extracting(r -> r.payload().get("n").asInt()).containsExactly(1, 2);

        assertThatThrownBy(source::poll).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("is not JSON")
                .satisfies(e -> assertThat(new String(((InvalidDataException) e).payload(), StandardCharsets.UTF_8))
                        .isEqualTo("not json"));

        List<SourceRecord> third = source.poll();
        assertThat(third).extracting(r -> r.payload().get("n").asInt()).containsExactly(3);
        assertThatThrownBy(source::poll).isInstanceOf(InvalidDataException.class);
        assertThat(source.poll()).isEmpty();
    }

    @Test
    void healthCheckFailsWhenTheDirectoryIsGone() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        FileSource source = new FileSource();
        source.initialize(ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("s")
                .table("file", Map.of("path", sub.resolve("in.txt").toString(), "topic", "/default/t")).build());
        source.healthCheck();

        Files.delete(sub);

        assertThatThrownBy(source::healthCheck).hasMessageContaining("is gone");
    }

    @Test
    void badConfigurationNamesTheKey() {
        assertThatThrownBy(() -> start(10, Map.of("topic", "lines"))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("file.topic: must be /namespace/topic");
        assertThatThrownBy(() -> start(10, Map.of("format", "xml")))
                .hasMessageContaining("file.format: must be \"text\" or \"json\"");
        assertThatThrownBy(() -> start(10, Map.of("start_from", "middle")))
                .hasMessageContaining("file.start_from");
        assertThatThrownBy(() -> start(10, Map.of("partitions", -1))).hasMessageContaining("file.partitions");
        ConnectorConfig typo = config(10, Map.of("offsetfile", "x"));
        new FileSource().initialize(typo);
        assertThat(typo.unknownKeys().found())
                .containsExactly("file.offsetfile: unknown key, ignored (did you mean file.offset_file?)");
        assertThatThrownBy(() -> start(10, Map.of("path", dir.resolve("missing/in.txt").toString())))
                .hasMessageContaining("file.path: directory").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> new FileSource().initialize(ConnectorConfig.builder()
                .serviceUrl("http://localhost:6650").connectorName("s").table("file", Map.of("topic", "/a/b"))
                .build())).hasMessage("file.path: required");
    }

    @Test
    void aCorruptOffsetFileIsAClearConfigurationError() throws IOException {
        Files.writeString(Path.of(input() + ".offset"), "garbage");

        assertThatThrownBy(() -> start(10, Map.of())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("file.offset_file");
    }
}
