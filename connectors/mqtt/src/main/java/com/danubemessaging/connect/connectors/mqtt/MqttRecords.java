package com.danubemessaging.connect.connectors.mqtt;

import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.connectors.common.RecordPayloads;
import java.util.Map;

/**
 * Turns an MQTT message into the record of its route: the payload as {@link RecordPayloads} maps it, the key = the
 * MQTT topic (so a partitioned Danube topic keeps each MQTT topic's order), and with {@code include_metadata}
 * upstream's attributes {@code mqtt.topic}, {@code mqtt.qos}, {@code mqtt.retain}, {@code mqtt.dup} and
 * {@code source=mqtt}.
 */
final class MqttRecords {
    private final RecordPayloads payloads;
    private final boolean includeMetadata;

    MqttRecords(RecordPayloads payloads, boolean includeMetadata) {
        this.payloads = payloads;
        this.includeMetadata = includeMetadata;
    }

    SourceRecord toRecord(MqttRoute route, String topic, byte[] payload, int qos, boolean retained, boolean duplicate) {
        SourceRecord record = payloads.toRecord(route.to(), payload).withKey(topic);
        if (!includeMetadata) {
            return record;
        }
        return record.withAttributes(Map.of(
                "mqtt.topic", topic,
                "mqtt.qos", Integer.toString(qos),
                "mqtt.retain", Boolean.toString(retained),
                "mqtt.dup", Boolean.toString(duplicate),
                "source", "mqtt"));
    }
}
