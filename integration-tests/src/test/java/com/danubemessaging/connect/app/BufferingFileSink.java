package com.danubemessaging.connect.app;

import com.danubemessaging.connect.api.Batcher;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConnectorProvider;
import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.api.SubscriptionType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test sink run by the real runnable in a child process, written the way the seed (and danube-connect-core 0.4
 * sinks) buffer: {@code process()} adds each record to a {@link Batcher} and writes only when it is full
 * ({@code write_batch}); {@code flush()} writes the rest. A write appends the {@code seq} of each record to
 * {@code output_file}, one line each.
 *
 * <pre>
 * [buffering]
 * topic = "/default/x"  subscription = "it-sub"  output_file = "/tmp/…"
 * write_batch_size = 100000    # the Batcher's size: larger than a runtime batch, so flush() does the writing
 * fail_always = false          # every write fails with a RetryableException (the target is down for good)
 * pause_in_write_ms = 0        # sleep half-way through each write, after in_write_marker is created
 * in_write_marker = "/tmp/…"   # optional: created half-way through a write
 * shutdown_marker = "/tmp/…"   # optional: created when shutdown() is called
 * </pre>
 */
public final class BufferingFileSink implements SinkConnector {

    /** {@code [buffering]}. */
    public record Settings(String topic, String subscription, String outputFile, Integer writeBatchSize,
                           boolean failAlways, long pauseInWriteMs, String inWriteMarker, String shutdownMarker) {
    }

    /** Registered through META-INF/services as {@code it-buffering-sink}. */
    public static final class Provider implements ConnectorProvider {
        @Override
        public String id() {
            return "it-buffering-sink";
        }

        @Override
        public Object create() {
            return new BufferingFileSink();
        }
    }

    private Settings settings;
    private String connectorName;
    private Batcher<Long> batcher;

    @Override
    public void initialize(ConnectorConfig config) {
        settings = config.bind("buffering", Settings.class);
        connectorName = config.connectorName();
        int size = settings.writeBatchSize() == null ? 100_000 : settings.writeBatchSize();
        batcher = new Batcher<>(size, Duration.ofHours(1));
    }

    @Override
    public List<ConsumerConfig> consumerConfigs() {
        return List.of(ConsumerConfig.of(settings.topic(), connectorName, settings.subscription(),
                SubscriptionType.SHARED));
    }

    @Override
    public void process(SinkRecord record) {
        batcher.add(record.json().get("seq").asLong());
        if (batcher.shouldFlush()) {
            writeBatch(batcher.flush());
        }
    }

    @Override
    public void flush() {
        if (!batcher.isEmpty()) {
            writeBatch(batcher.flush());
        }
    }

    private void writeBatch(List<Long> seqs) {
        if (settings.failAlways()) {
            throw new RetryableException("target is down; " + seqs.size() + " rows not written");
        }
        int half = seqs.size() / 2;
        append(seqs.subList(0, half));
        if (settings.inWriteMarker() != null && half > 0) {
            touch(settings.inWriteMarker());
            sleep(settings.pauseInWriteMs());
        }
        append(seqs.subList(half, seqs.size()));
    }

    private void append(List<Long> seqs) {
        if (seqs.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        seqs.forEach(s -> lines.append(s).append('\n'));
        try {
            Files.writeString(Path.of(settings.outputFile()), lines, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void shutdown() {
        if (settings != null && settings.shutdownMarker() != null) {
            touch(settings.shutdownMarker());
        }
    }

    private static void touch(String file) {
        try {
            Files.writeString(Path.of(file), "", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A connector.toml running this sink against {@code serviceUrl}. Callers append further {@code [buffering]} keys
     * (it is the last table), or further tables.
     */
    public static String toml(String serviceUrl, String name, String topic, String subscription, Path output) {
        return """
                danube_service_url = "%s"
                connector_name = "%s"

                [processing]
                batch_size = 50
                batch_timeout_ms = 100
                metrics_port = 0

                [buffering]
                topic = "%s"
                subscription = "%s"
                output_file = "%s"
                """.formatted(serviceUrl, name, topic, subscription, output);
    }
}
