package com.danubemessaging.connect.connectors.kafka;

import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.SourceRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;

/**
 * One Kafka record → one Danube source record: the value by {@link PayloadFormat}, the key as the routing key,
 * the headers as attributes, plus the {@code kafka.*} metadata attributes. Values, keys and headers that are not
 * text are kept losslessly (base64, flagged by an attribute); only a value that does not fit {@code json} or
 * {@code string} is invalid data.
 */
final class KafkaRecordMapper {
    static final String TOPIC = "kafka.topic";
    static final String PARTITION = "kafka.partition";
    static final String OFFSET = "kafka.offset";
    static final String TIMESTAMP = "kafka.timestamp";
    static final String TIMESTAMP_TYPE = "kafka.timestamp_type";
    static final String TOMBSTONE = "kafka.tombstone";
    static final String KEY_ENCODING = "kafka.key_encoding";
    static final String BINARY_HEADERS = "kafka.binary_headers";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final PayloadFormat format;
    private final boolean includeMetadata;

    KafkaRecordMapper(PayloadFormat format, boolean includeMetadata) {
        this.format = format;
        this.includeMetadata = includeMetadata;
    }

    /**
     * @param danubeTopic the topic of the record's route
     * @return the record, without a source offset (the caller attaches it once the record is known to be valid)
     * @throws InvalidDataException when the value does not fit the payload format
     */
    SourceRecord map(ConsumerRecord<byte[], byte[]> record, String danubeTopic) {
        Map<String, String> attributes = new HashMap<>();
        headers(record, attributes);
        SourceRecord out = value(record, danubeTopic, attributes);
        if (record.key() != null) {
            String key = utf8(record.key());
            if (key == null) {
                key = Base64.getEncoder().encodeToString(record.key());
                attributes.put(KEY_ENCODING, "base64");
            }
            out = out.withKey(key);
        }
        if (includeMetadata) {
            attributes.put(TOPIC, record.topic());
            attributes.put(PARTITION, Integer.toString(record.partition()));
            attributes.put(OFFSET, Long.toString(record.offset()));
            if (record.timestamp() >= 0 && record.timestampType() != TimestampType.NO_TIMESTAMP_TYPE) {
                attributes.put(TIMESTAMP, Long.toString(record.timestamp()));
                attributes.put(TIMESTAMP_TYPE, record.timestampType().name);
            }
        }
        return out.withAttributes(attributes);
    }

    private SourceRecord value(ConsumerRecord<byte[], byte[]> record, String topic, Map<String, String> attributes) {
        byte[] value = record.value();
        if (value == null) {
            attributes.put(TOMBSTONE, "true");
            return SourceRecord.ofBytes(topic, new byte[0]);
        }
        return switch (format) {
            case BYTES -> SourceRecord.ofBytes(topic, value);
            case JSON -> SourceRecord.of(topic, json(record, value));
            case STRING -> {
                String text = utf8(value);
                if (text == null) {
                    throw new InvalidDataException(where(record) + ": value is not UTF-8 text (payload_format ="
                            + " \"string\")", value);
                }
                yield SourceRecord.ofString(topic, text);
            }
        };
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> record, byte[] value) {
        try {
            JsonNode node = JSON.readTree(value);
            if (node == null || node.isMissingNode()) {
                throw new InvalidDataException(where(record) + ": value is empty, not JSON (payload_format ="
                        + " \"json\")", value);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidDataException(where(record) + ": value is not JSON (payload_format = \"json\"): "
                    + e.getOriginalMessage(), value, e);
        } catch (IOException e) {
            throw new InvalidDataException(where(record) + ": value cannot be read as JSON: " + e.getMessage(),
                    value, e);
        }
    }

    /** Headers in order, so the last of repeated keys wins; non-UTF-8 values are base64 and listed. */
    private static void headers(ConsumerRecord<byte[], byte[]> record, Map<String, String> attributes) {
        List<String> binary = new ArrayList<>();
        for (Header header : record.headers()) {
            byte[] bytes = header.value();
            String text = bytes == null ? "" : utf8(bytes);
            binary.remove(header.key());
            if (text == null) {
                text = Base64.getEncoder().encodeToString(bytes);
                binary.add(header.key());
            }
            attributes.put(header.key(), text);
        }
        if (!binary.isEmpty()) {
            attributes.put(BINARY_HEADERS, String.join(",", binary));
        }
    }

    /** The text of {@code bytes}, or null when they are not valid UTF-8. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String where(ConsumerRecord<?, ?> record) {
        return "kafka record " + record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
