package com.danubemessaging.connect.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * One message with its Danube metadata as a JSON object, the shape sinks write when they keep the metadata:
 * {@code {"payload": …, "topic": …, "publish_time": <epoch ms>, "attributes": {…}}}, plus {@code "key"} and
 * {@code "message_id"} when the message has them. {@code payload} is the record's JSON view ({@link SinkRecord#json()}).
 */
public final class RecordEnvelope {

    private RecordEnvelope() {
    }

    /**
     * @throws InvalidDataException when the message's schema requires JSON and the payload is not JSON
     */
    public static ObjectNode of(SinkRecord record) {
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.set("payload", record.json());
        envelope.put("topic", record.topic());
        envelope.put("publish_time", record.publishTimeMillis());
        ObjectNode attributes = envelope.putObject("attributes");
        Map<String, String> sorted = new TreeMap<>(record.attributes());
        sorted.forEach(attributes::put);
        record.key().ifPresent(key -> envelope.put("key", key));
        if (!record.messageId().isEmpty()) {
            envelope.put("message_id", record.messageId());
        }
        return envelope;
    }
}
