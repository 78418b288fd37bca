package com.danubemessaging.connect.app;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConnectorProvider;
import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.api.SubscriptionType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Test sink run by the real runnable in a child process: appends the {@code seq} of every record of a batch to
 * {@code output_file}, one per line, in one write per batch, before the runtime acks the batch.
 *
 * <pre>
 * [recorder]
 * topic = "/default/x"   subscription = "it-sub"   output_file = "/tmp/…"
 * </pre>
 */
public final class RecordingSink implements SinkConnector {

    /** {@code [recorder]}; {@code subscription_type} is optional (Shared). */
    public record Settings(String topic, String subscription, String outputFile, String subscriptionType) {
    }

    /** Registered through META-INF/services as {@code it-recording-sink}. */
    public static final class Provider implements ConnectorProvider {
        @Override
        public String id() {
            return "it-recording-sink";
        }

        @Override
        public Object create() {
            return new RecordingSink();
        }
    }

    /**
     * The {@code seq} values recorded in {@code outputFile} so far, complete lines only (a batch being written may
     * leave a partial last line).
     */
    public static List<Long> recorded(Path outputFile) throws IOException {
        if (!Files.exists(outputFile)) {
            return List.of();
        }
        String text = Files.readString(outputFile, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : text.substring(0, end).lines().map(Long::parseLong).toList();
    }

    private Settings settings;
    private String connectorName;

    @Override
    public void initialize(ConnectorConfig config) {
        settings = config.bind("recorder", Settings.class);
        connectorName = config.connectorName();
    }

    @Override
    public List<ConsumerConfig> consumerConfigs() {
        SubscriptionType type = settings.subscriptionType() == null ? SubscriptionType.SHARED
                : SubscriptionType.parse(settings.subscriptionType());
        return List.of(ConsumerConfig.of(settings.topic(), connectorName, settings.subscription(), type));
    }

    @Override
    public void processBatch(List<SinkRecord> records) {
        StringBuilder lines = new StringBuilder();
        for (SinkRecord record : records) {
            lines.append(record.json().get("seq").asLong()).append('\n');
        }
        try {
            Files.writeString(Path.of(settings.outputFile()), lines, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
