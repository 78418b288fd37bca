package com.danubemessaging.connect.runtime.schema;

import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.SchemaInfo;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.client.MessageId;
import com.danubemessaging.connect.client.ReceivedMessage;
import java.util.Set;

/**
 * Turns a received message into a {@link SinkRecord} (danube-facts §3.8): the schema is fetched by id (cached),
 * checked against the expected subject, and a JSON-typed payload is parsed now so that bad data is found before
 * the connector sees it.
 */
public final class RecordConverter {
    private static final Set<String> JSON_TYPES = Set.of(SchemaTypes.JSON_SCHEMA, SchemaTypes.AVRO, SchemaTypes.NUMBER);

    private final SinkSchemaCache schemas;

    public RecordConverter(SinkSchemaCache schemas) {
        this.schemas = schemas;
    }

    /**
     * @throws InvalidDataException for an unknown schema, a subject mismatch or a payload that is not valid JSON
     *                              for a JSON schema type
     */
    public SinkRecord convert(ReceivedMessage m, ConsumerConfig config) {
        SchemaInfo schema = null;
        if (m.schemaId().isPresent()) {
            int version = m.schemaVersion().isPresent() ? m.schemaVersion().getAsInt() : -1;
            schema = schemas.get(m.schemaId().getAsLong(), version, m.payload());
            String expected = config.expectedSchemaSubject();
            if (expected != null && !expected.equals(schema.subject())) {
                throw new InvalidDataException("message on " + m.partitionTopic() + " has schema subject '"
                        + schema.subject() + "' but the sink expects '" + expected + "'", m.payload());
            }
        }
        MessageId id = m.messageId();
        SinkRecord record = SinkRecord.builder(m.topic(), m.payload())
                .partitionTopic(m.partitionTopic())
                .partition(m.partition().isPresent() ? m.partition().getAsInt() : null)
                .messageId(id.topicName() + "@" + id.topicOffset() + "/" + id.producerId())
                .offset(id.topicOffset())
                .publishTimeMillis(m.publishTimeMillis())
                .producerName(m.producerName())
                .attributes(m.attributes())
                .key(m.routingKey().orElse(null))
                .schema(schema)
                .build();
        if (schema != null && JSON_TYPES.contains(SchemaTypes.normalize(schema.schemaType()))) {
            record.json();
        }
        return record;
    }
}
