package com.example.heartbeat;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.api.SourceRecord;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A polling source: publishes {@code {"source": <name>, "sequence": n, "at": <epoch ms>}} to one topic every
 * {@code interval_ms}. Replace the body of {@link #poll()} with calls to your external system.
 *
 * <pre>
 * [heartbeat]
 * topic = "/default/heartbeats"
 * interval_ms = 1000
 * name = "edge-1"          # optional, default: connector_name
 * </pre>
 */
public final class HeartbeatSource implements SourceConnector {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSource.class);

    /** The {@code [heartbeat]} table; bound by the runtime, unknown keys are start-up errors. */
    public record Settings(String topic, Long intervalMs, String name) {
    }

    private final Clock clock;
    private Settings settings;
    private String name;
    private long next;
    private long dueAt;

    public HeartbeatSource() {
        this(Clock.systemUTC());
    }

    HeartbeatSource(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void initialize(ConnectorConfig config) {
        settings = config.bind("heartbeat", Settings.class);
        if (settings.topic() == null || settings.topic().isBlank()) {
            throw new ConfigurationException("heartbeat.topic: required");
        }
        if (settings.intervalMs() != null && settings.intervalMs() <= 0) {
            throw new ConfigurationException("heartbeat.interval_ms: must be positive (got " + settings.intervalMs()
                    + ")");
        }
        name = settings.name() != null ? settings.name() : config.connectorName();
        LOG.info("Heartbeat '{}' to {} every {} ms", name, settings.topic(), interval());
    }

    @Override
    public List<ProducerConfig> producerConfigs() {
        return List.of(ProducerConfig.of(settings.topic()));
    }

    /** Called every {@code [processing] poll_interval_ms} (and at once after a non-empty batch). */
    @Override
    public List<SourceRecord> poll() {
        long now = clock.millis();
        if (now < dueAt) {
            return List.of();
        }
        dueAt = now + interval();
        return List.of(SourceRecord.ofObject(settings.topic(), Map.of("source", name, "sequence", next++, "at", now)));
    }

    private long interval() {
        return settings.intervalMs() != null ? settings.intervalMs() : 1000;
    }
}
