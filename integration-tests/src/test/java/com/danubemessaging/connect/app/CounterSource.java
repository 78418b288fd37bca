package com.danubemessaging.connect.app;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConnectorProvider;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.Offset;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.api.SourceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test source run by the real runnable in a child process: emits {@code {"seq": n}} for n = 0 … total-1, each
 * with offset n, and persists the highest committed offset in {@code state_file} so a restarted process resumes
 * after it (records published but not committed before a stop are sent again: at-least-once).
 *
 * <pre>
 * [counter]
 * topic = "/default/x"     total = 1000     per_poll = 20
 * pause_ms = 5             # stands in for a slow external system, so a signal lands mid-stream
 * state_file = "/tmp/…"
 * fatal_after = 10         # optional: throw FatalException once this many records were emitted
 * shutdown_delay_ms = 0    # optional: a shutdown() that hangs this long, to test the grace period
 * commit_marker = "/tmp/…"  # optional: created when commit() is called, before the offset is persisted
 * commit_delay_ms = 0       # optional: commit() waits this long after creating the marker (a kill lands there)
 * shutdown_marker = "/tmp/…" # optional: created when shutdown() is called
 * start_gate = "/tmp/…"      # optional: emit nothing until this file exists (a test attaches its sink first)
 * </pre>
 */
public final class CounterSource implements SourceConnector {

    /** {@code [counter]}. */
    public record Settings(String topic, long total, int perPoll, long pauseMs, String stateFile, Long fatalAfter,
                           long shutdownDelayMs, String commitMarker, long commitDelayMs, String shutdownMarker,
                           String startGate) {
    }

    /** Registered through META-INF/services as {@code it-counter-source}. */
    public static final class Provider implements ConnectorProvider {
        @Override
        public String id() {
            return "it-counter-source";
        }

        @Override
        public Object create() {
            return new CounterSource();
        }
    }

    private Settings settings;
    private Path stateFile;
    private long next;

    @Override
    public void initialize(ConnectorConfig config) {
        settings = config.bind("counter", Settings.class);
        stateFile = Path.of(settings.stateFile());
        next = readCommitted() + 1;
    }

    @Override
    public List<ProducerConfig> producerConfigs() {
        return List.of(ProducerConfig.of(settings.topic(), 0, true));
    }

    @Override
    public List<SourceRecord> poll() {
        if (settings.fatalAfter() != null && next >= settings.fatalAfter()) {
            throw new FatalException("counter source gave up after " + next + " records (fatal_after)");
        }
        if (next >= settings.total()
                || (settings.startGate() != null && !Files.exists(Path.of(settings.startGate())))) {
            return List.of();
        }
        pause();
        List<SourceRecord> records = new ArrayList<>();
        long end = Math.min(settings.total(), next + Math.max(1, settings.perPoll()));
        for (; next < end; next++) {
            records.add(SourceRecord.ofObject(settings.topic(), Map.of("seq", next))
                    .withOffset(Offset.of("counter", next)));
        }
        return records;
    }

    @Override
    public void commit(List<Offset> offsets) {
        if (settings.commitMarker() != null) {
            touch(settings.commitMarker());
            sleep(settings.commitDelayMs());
        }
        long highest = offsets.stream().mapToLong(Offset::value).max().orElse(-1);
        if (highest > readCommitted()) {
            writeCommitted(highest);
        }
    }

    @Override
    public void shutdown() {
        if (settings.shutdownMarker() != null) {
            touch(settings.shutdownMarker());
        }
        sleep(settings.shutdownDelayMs());
    }

    private static void touch(String file) {
        try {
            Files.writeString(Path.of(file), "", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void pause() {
        sleep(settings.pauseMs());
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

    private long readCommitted() {
        try {
            return Files.exists(stateFile) ? Long.parseLong(Files.readString(stateFile).trim()) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeCommitted(long offset) {
        try {
            Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            Files.writeString(tmp, Long.toString(offset));
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A connector.toml running this source against {@code serviceUrl}; {@code fatalAfter} may be null. Callers
     * append further {@code [counter]} keys (it is the last table).
     */
    public static String toml(String serviceUrl, String name, String topic, long total, int perPoll, long pauseMs,
                              Path state, Long fatalAfter) {
        return """
                danube_service_url = "%s"
                connector_name = "%s"

                [processing]
                poll_interval_ms = 20
                metrics_port = 0

                [counter]
                topic = "%s"
                total = %d
                per_poll = %d
                pause_ms = %d
                state_file = "%s"
                %s
                """.formatted(serviceUrl, name, topic, total, perPoll, pauseMs, state,
                fatalAfter == null ? "" : "fatal_after = " + fatalAfter);
    }
}
