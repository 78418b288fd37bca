package com.danubemessaging.connect.runtime.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void readsBothFlagStyles() {
        CommandLine line = CommandLine.parse("--connector", "source-mqtt", "--config=/etc/c.toml");
        assertThat(line.connector()).contains("source-mqtt");
        assertThat(line.config()).contains(Path.of("/etc/c.toml"));
        assertThat(line.help()).isFalse();
        assertThat(CommandLine.parse("-h").help()).isTrue();
        assertThat(CommandLine.parse().connector()).isEmpty();
    }

    @Test
    void rejectsUnknownFlagsAndMissingValues() {
        assertThatThrownBy(() -> CommandLine.parse("--conector", "x"))
                .hasMessage("unknown argument \"--conector\" (see --help)");
        assertThatThrownBy(() -> CommandLine.parse("--connector"))
                .hasMessage("--connector needs a value (see --help)");
        assertThatThrownBy(() -> CommandLine.parse("--config", "--help"))
                .hasMessage("--config needs a value (see --help)");
        assertThatThrownBy(() -> CommandLine.parse("--connector="))
                .hasMessage("--connector needs a value (see --help)");
    }
}
