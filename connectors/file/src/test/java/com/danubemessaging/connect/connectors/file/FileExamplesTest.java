package com.danubemessaging.connect.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.api.SubscriptionType;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example TOML files of the file connectors load and their [file] tables validate. */
class FileExamplesTest {
    private static final Path EXAMPLES = Path.of("examples");

    @Test
    void sourceExampleValidates() {
        var config = new ConfigLoader(Map.of()).loadFile(EXAMPLES.resolve("source-file.toml")).config();
        FileSourceSettings settings = FileSourceSettings.from(config);

        assertThat(settings.topic()).isEqualTo("/default/file-lines");
        assertThat(settings.format()).isEqualTo(FileFormat.TEXT);
        assertThat(settings.startFrom()).isEqualTo(StartPosition.BEGINNING);
        assertThat(settings.offsetFile()).isEqualTo(Path.of("/tmp/danube-demo/input.txt.offset"));
        assertThat(settings.reliableDispatch()).isTrue();
        assertThat(config.processing().metricsPort()).isEqualTo(9090);
    }

    @Test
    void sinkExampleValidatesAndUsesAnotherMetricsPort() {
        var config = new ConfigLoader(Map.of()).loadFile(EXAMPLES.resolve("sink-file.toml")).config();
        FileSinkSettings settings = FileSinkSettings.from(config);

        assertThat(settings.topic()).isEqualTo("/default/file-lines");
        assertThat(settings.subscriptionType()).isEqualTo(SubscriptionType.SHARED);
        assertThat(settings.consumerName()).isEqualTo("file-sink");
        assertThat(config.processing().metricsPort()).isEqualTo(9091);
    }
}
