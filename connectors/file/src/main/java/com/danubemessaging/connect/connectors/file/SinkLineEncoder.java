package com.danubemessaging.connect.connectors.file;

import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.RecordEnvelope;
import com.danubemessaging.connect.api.SinkRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Turns one message into one line of {@code sink-file}'s output (newline included).
 *
 * <ul>
 *   <li>{@code text}: the payload decoded as UTF-8; except that a payload which is exactly one JSON string (what
 *       {@code source-file}'s text lines are without a {@code string} schema) is written unquoted. So text lines make the round trip source-file → Danube → sink-file unchanged.</li>
 *   <li>{@code json}: the message's {@link RecordEnvelope}: {@code {"payload":…,"topic":…,"publish_time":…,
 *       "attributes":{…}}} plus {@code key} and {@code message_id} when present.</li>
 * </ul>
 */
final class SinkLineEncoder {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Unquotes only a payload that is exactly one JSON string, never a prefix of a longer text. */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final FileFormat format;

    SinkLineEncoder(FileFormat format) {
        this.format = format;
    }

    /** @throws InvalidDataException when the message's schema requires JSON and the payload is not JSON */
    byte[] encode(SinkRecord record) {
        String line = format == FileFormat.TEXT ? text(record) : json(record);
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String text(SinkRecord record) {
        boolean stringSchema = record.schema().map(s -> "string".equalsIgnoreCase(s.schemaType())).orElse(false);
        if (!stringSchema) {
            try {
                JsonNode whole = STRICT.readTree(record.payload());
                if (whole != null && whole.isTextual()) {
                    return whole.textValue();
                }
            } catch (IOException notOneJsonString) {
                // plain text: written as it is
            }
        }
        return record.payloadAsString();
    }

    private static String json(SinkRecord record) {
        ObjectNode line = RecordEnvelope.of(record);
        try {
            return MAPPER.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new InvalidDataException("cannot write message of " + record.topic() + " as JSON: "
                    + e.getOriginalMessage(), record.payload(), e);
        }
    }
}
