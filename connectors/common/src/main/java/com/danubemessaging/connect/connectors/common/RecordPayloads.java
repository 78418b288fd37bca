package com.danubemessaging.connect.connectors.common;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.SchemaMapping;
import com.danubemessaging.connect.api.SourceRecord;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the raw bytes an external system delivered (an MQTT payload, an HTTP body) into a {@link SourceRecord} for
 * one Danube topic, the way the upstream Rust sources do and better where the topic has a {@code [[schemas]]} entry:
 * <ul>
 *   <li>{@code bytes} topic: the bytes unchanged;</li>
 *   <li>{@code string} topic: the text, when the bytes are UTF-8;</li>
 *   <li>otherwise (and for non-UTF-8 bytes on a string topic): the parsed JSON document when the bytes are one,
 *       else upstream's envelope {@code {"data": base64, "size": n, "encoding": "base64"}}.</li>
 * </ul>
 * Whether the result fits the topic's schema ({@code number}, {@code json_schema}, ...) is then decided by the
 * runtime's encoder and the broker, which handle a misfit as invalid data.
 */
public final class RecordPayloads {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Map<String, String> schemaTypes;

    private RecordPayloads(Map<String, String> schemaTypes) {
        this.schemaTypes = schemaTypes;
    }

    /** Mapping by the {@code [[schemas]]} entries of {@code config}. */
    public static RecordPayloads of(ConnectorConfig config) {
        Map<String, String> types = new HashMap<>();
        for (SchemaMapping mapping : config.schemas()) {
            types.put(mapping.topic(), mapping.schemaType());
        }
        return new RecordPayloads(Map.copyOf(types));
    }

    /** The record carrying {@code body} to {@code topic}. */
    public SourceRecord toRecord(String topic, byte[] body) {
        String type = schemaTypes.get(topic);
        if ("bytes".equals(type)) {
            return SourceRecord.ofBytes(topic, body);
        }
        if ("string".equals(type)) {
            String text = utf8(body);
            if (text != null) {
                return SourceRecord.ofString(topic, text);
            }
        }
        return SourceRecord.of(topic, jsonOrEnvelope(body));
    }

    /** The JSON document {@code body} holds, or upstream's base64 envelope when it holds none. */
    public static JsonNode jsonOrEnvelope(byte[] body) {
        if (body.length > 0) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node != null && !node.isMissingNode()) {
                    return node;
                }
            } catch (IOException e) {
                // not JSON: fall through to the envelope
            }
        }
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.put("data", Base64.getEncoder().encodeToString(body));
        envelope.put("size", body.length);
        envelope.put("encoding", "base64");
        return envelope;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
