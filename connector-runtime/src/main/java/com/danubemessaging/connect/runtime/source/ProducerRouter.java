package com.danubemessaging.connect.runtime.source;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.DanubeClientException;
import com.danubemessaging.connect.client.Producer;
import com.danubemessaging.connect.client.ProducerBuilder;
import com.danubemessaging.connect.runtime.logging.LogContext;
import com.danubemessaging.connect.runtime.schema.TopicSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One producer per {@link ProducerConfig}, looked up by the exact record topic. */
final class ProducerRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerRouter.class);

    private final Map<String, Producer> producers = new LinkedHashMap<>();
    private final Map<String, TopicSchema> schemas;

    private ProducerRouter(Map<String, TopicSchema> schemas) {
        this.schemas = schemas;
    }

    /** For tests: a router over producers made elsewhere. */
    ProducerRouter(Map<String, Producer> producers, Map<String, TopicSchema> schemas) {
        this.schemas = schemas;
        this.producers.putAll(producers);
    }

    /**
     * Creates the producers, named {@code {connector_name}-{topic with '/' replaced by '-'}} as upstream.
     *
     * @throws ConfigurationException for duplicate topics
     * @throws FatalException when the broker refuses a producer
     */
    static ProducerRouter create(DanubeClient client, String connectorName, int maxInFlight,
                                 List<ProducerConfig> configs, Map<String, TopicSchema> schemas) {
        ProducerRouter router = new ProducerRouter(schemas);
        try {
            for (ProducerConfig pc : configs) {
                if (router.producers.containsKey(pc.topic())) {
                    throw new ConfigurationException("producerConfigs() lists topic " + pc.topic() + " twice");
                }
                String name = producerName(connectorName, pc.topic());
                ProducerBuilder b = client.newProducer()
                        .topic(pc.topic())
                        .name(name)
                        .partitions(pc.partitions())
                        .reliable(pc.reliableDispatch())
                        .maxInFlight(maxInFlight);
                TopicSchema schema = schemas.get(pc.topic());
                if (schema != null) {
                    b.schema(schema.ref());
                }
                try {
                    router.producers.put(pc.topic(), b.create());
                } catch (DanubeClientException e) {
                    throw new FatalException("cannot create producer '" + name + "' for topic " + pc.topic() + ": "
                            + e.getMessage(), e);
                }
                try (var topicContext = LogContext.topic(pc.topic())) {
                    LOG.info("Producer '{}' ready for topic {} (partitions {}, {} dispatch{})", name, pc.topic(),
                            pc.partitions(), pc.reliableDispatch() ? "reliable" : "non-reliable",
                            schema == null ? "" : ", schema " + schema.ref().subject());
                }
            }
        } catch (RuntimeException e) {
            router.close();
            throw e;
        }
        return router;
    }

    /** {@code {connector_name}-{topic with '/' replaced by '-'}}, e.g. {@code mqtt-src--iot-temp}. */
    static String producerName(String connectorName, String topic) {
        return connectorName + "-" + topic.replace('/', '-');
    }

    /**
     * @throws FatalException when no producer was configured for the topic
     */
    Producer producerFor(String topic) {
        Producer p = producers.get(topic);
        if (p == null) {
            throw new FatalException("record topic '" + topic + "' is not one of producerConfigs() "
                    + producers.keySet() + "; every record's topic must be configured");
        }
        return p;
    }

    /** The normalized schema type of the topic, if it has a schema. */
    Optional<String> schemaType(String topic) {
        TopicSchema s = schemas.get(topic);
        return s == null ? Optional.empty() : Optional.of(s.schemaType());
    }

    List<String> topics() {
        return List.copyOf(producers.keySet());
    }

    void flushAll() {
        for (Producer p : producers.values()) {
            try {
                p.flush();
            } catch (RuntimeException e) {
                try (var topicContext = LogContext.topic(p.topic())) {
                    LOG.warn("Flushing producer for {} failed: {}", p.topic(), e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        for (Producer p : producers.values()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                try (var topicContext = LogContext.topic(p.topic())) {
                    LOG.warn("Closing producer for {} failed: {}", p.topic(), e.getMessage());
                }
            }
        }
    }
}
