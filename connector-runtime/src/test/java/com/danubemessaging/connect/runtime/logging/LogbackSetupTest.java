package com.danubemessaging.connect.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogbackSetupTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aJsonEventIsOneLineWithEveryFieldAndTheStackTraceAsOneString() throws Exception {
        LoggerContext context = new LoggerContext();
        context.putProperty(JsonLogLayout.CONNECTOR_PROPERTY, "orders-sink");
        Logger logger = context.getLogger("com.example.Sink");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN,
                "write to {} failed:\nsecond line \"quoted\"", new IllegalStateException("disk full",
                        new java.io.IOException("EIO")), new Object[] {"/default/orders"});
        event.setMDCPropertyMap(Map.of(LogContext.TOPIC, "/default/orders"));
        event.setTimeStamp(1_700_000_000_123L);
        JsonLogLayout layout = new JsonLogLayout();
        layout.setContext(context);
        layout.start();

        String line = layout.doLayout(event);

        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
        JsonNode json = JSON.readTree(line);
        assertThat(json.path("timestamp").asText()).isEqualTo("2023-11-14T22:13:20.123Z");
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("logger").asText()).isEqualTo("com.example.Sink");
        assertThat(json.path("message").asText()).isEqualTo("write to /default/orders failed:\nsecond line \"quoted\"");
        assertThat(json.path("connector").asText()).as("from the context when the thread names none")
                .isEqualTo("orders-sink");
        assertThat(json.path("topic").asText()).isEqualTo("/default/orders");
        assertThat(json.path("exception").asText()).contains("java.lang.IllegalStateException: disk full",
                "Caused by: java.io.IOException: EIO", "\tat ");
    }

    @Test
    void debugLevelLeavesTheJdkLoggersAtInfoAndLegacyPropertiesStillWin() {
        LoggerContext context = new LoggerContext();
        System.setProperty("org.slf4j.simpleLogger.log.com.example.Noisy", "error");
        try {
            LogbackSetup.configure(context, "debug", LogFormat.TEXT, "c");
        } finally {
            System.clearProperty("org.slf4j.simpleLogger.log.com.example.Noisy");
        }
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("jdk.internal.httpclient.debug").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("com.example.Noisy").getEffectiveLevel()).isEqualTo(Level.ERROR);
        assertThat(context.getLogger("com.example.Other").getEffectiveLevel()).isEqualTo(Level.DEBUG);
    }
}
