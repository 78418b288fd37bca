package com.danubemessaging.connect.connectors.mqtt;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.api.SourceMode;
import com.danubemessaging.connect.api.SourceSender;
import com.danubemessaging.connect.connectors.common.RecordPayloads;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code source-mqtt}: subscribes to the {@code from} filters of {@code [[mqtt.routes]]} and publishes every message
 * to the Danube topic of the first route that matches. A QoS 1/2 message is acknowledged to the MQTT broker only
 * after Danube acknowledged its record, so with {@code clean_session = false} neither a crash of this process nor a
 * Danube outage loses a message (at least once).
 */
public final class MqttSource implements SourceConnector {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSource.class);

    private final Map<String, String> env;
    private MqttSettings settings;
    private MqttSession session;

    public MqttSource() {
        this(System.getenv());
    }

    /** With the environment the overrides are read from (tests). */
    MqttSource(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public void initialize(ConnectorConfig config) {
        settings = MqttSettings.from(config, env);
        warnAboutWeakerGuarantees(settings);
        session = new MqttSession(settings, new MqttRecords(RecordPayloads.of(config), settings.includeMetadata()),
                config.retry());
        LOG.info("source-mqtt: {}", settings);
    }

    private static void warnAboutWeakerGuarantees(MqttSettings s) {
        boolean atLeastOnce = s.routes().stream().anyMatch(r -> r.qos() != MqttQos.AT_MOST_ONCE);
        if (atLeastOnce && s.cleanSession()) {
            LOG.warn("mqtt.clean_session = true: the MQTT broker drops the session, and with it the QoS 1/2 messages"
                    + " not yet acknowledged, whenever the connection drops or this process stops; set"
                    + " clean_session = false (with a fixed client_id) for at-least-once delivery");
        }
        boolean exactlyOnce = s.routes().stream().anyMatch(r -> r.qos() == MqttQos.EXACTLY_ONCE);
        if (exactlyOnce && !s.cleanSession() && s.persistenceDir() == null) {
            LOG.warn("mqtt.persistence_dir is not set: a QoS 2 message that arrived but is not in Danube yet is lost"
                    + " if this process crashes (the broker already handed it over); set persistence_dir to a"
                    + " persistent volume to keep it");
        }
    }

    @Override
    public List<ProducerConfig> producerConfigs() {
        return settings.producerConfigs();
    }

    @Override
    public SourceMode mode() {
        return SourceMode.STREAMING;
    }

    @Override
    public void startStreaming(SourceSender sender) {
        session.start(sender);
    }

    @Override
    public void healthCheck() {
        if (session != null && !session.isConnected()) {
            throw new RetryableException(session.problem());
        }
    }

    @Override
    public void shutdown() {
        if (session != null) {
            session.close();
        }
    }

    /** The session, for tests. */
    MqttSession session() {
        return session;
    }
}
