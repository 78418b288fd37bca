package com.danubemessaging.connect.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.api.ConfigKeys;
import org.junit.jupiter.api.Test;

class LogLevelsTest {

    @Test
    void mapsRustStyleValues() {
        assertThat(LogLevels.parse("debug")).contains("debug");
        assertThat(LogLevels.parse(" Warning ")).contains("warn");
        assertThat(LogLevels.parse("info,danube_connect_core=trace")).contains("info");
        assertThat(LogLevels.parse("danube_connect_core=trace,error")).contains("error");
        assertThat(LogLevels.parse("danube_connect_core=trace")).contains("info");
        assertThat(LogLevels.parse("off")).contains("off");
    }

    @Test
    void rejectsUnknownLevels() {
        assertThat(LogLevels.parse("verbose")).isEmpty();
        assertThat(LogLevels.parse("info,x=loud")).isEmpty();
        assertThat(LogLevels.parse(null)).isEmpty();
    }

    @Test
    void suggestsCloseKeysOnly() {
        assertThat(ConfigKeys.closest("batchsize", CoreConfigReader.PROCESSING_KEYS)).contains("batch_size");
        assertThat(ConfigKeys.closest("metric_port", CoreConfigReader.PROCESSING_KEYS)).contains("metrics_port");
        assertThat(ConfigKeys.closest("initial_interval_ms", CoreConfigReader.RETRY_KEYS)).isEmpty();
    }
}
