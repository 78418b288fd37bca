package com.danubemessaging.connect.runtime.deadletter;

import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.MessageId;
import com.danubemessaging.connect.client.OutgoingMessage;
import com.danubemessaging.connect.client.Producer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends invalid records to the dead-letter topic ({@code [processing] dead_letter_topic}) with the original
 * payload and attributes, plus attributes saying where the record came from and why it was rejected.
 */
public final class DeadLetterPublisher implements AutoCloseable {
    /** Attribute: the topic the record was read from or meant for. */
    public static final String ATTR_ORIGIN_TOPIC = "dlq.origin_topic";
    /** Attribute: why the record was rejected. */
    public static final String ATTR_REASON = "dlq.reason";
    /** Attribute: the connector that rejected it. */
    public static final String ATTR_CONNECTOR = "dlq.connector";
    /** Attribute: the original message id (sink side). */
    public static final String ATTR_MESSAGE_ID = "dlq.message_id";

    private static final int MAX_REASON_LENGTH = 1000;

    private final Producer producer;
    private final String connectorName;

    private DeadLetterPublisher(Producer producer, String connectorName) {
        this.producer = producer;
        this.connectorName = connectorName;
    }

    /** Creates the reliable dead-letter producer, named {@code {connector_name}-dead-letter}. */
    public static DeadLetterPublisher create(DanubeClient client, String topic, String connectorName) {
        Producer p = client.newProducer()
                .topic(topic)
                .name(connectorName + "-dead-letter")
                .reliable(true)
                .create();
        return new DeadLetterPublisher(p, connectorName);
    }

    /** The dead-letter topic. */
    public String topic() {
        return producer.topic();
    }

    /** Sends one rejected record; the future completes when the broker stored it. */
    public CompletableFuture<MessageId> publish(String originTopic, byte[] payload, Map<String, String> attributes,
                                                String reason, String messageId) {
        Map<String, String> attrs = new HashMap<>(attributes == null ? Map.of() : attributes);
        attrs.put(ATTR_ORIGIN_TOPIC, originTopic);
        attrs.put(ATTR_REASON, reason == null ? "" : reason.length() > MAX_REASON_LENGTH
                ? reason.substring(0, MAX_REASON_LENGTH) : reason);
        attrs.put(ATTR_CONNECTOR, connectorName);
        if (messageId != null) {
            attrs.put(ATTR_MESSAGE_ID, messageId);
        }
        try {
            return producer.sendAsync(OutgoingMessage.of(payload == null ? new byte[0] : payload).attributes(attrs));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
