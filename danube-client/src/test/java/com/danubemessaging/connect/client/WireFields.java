package com.danubemessaging.connect.client;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A protobuf wire-format reader that knows nothing about the Danube messages: it maps field numbers to raw values
 * (varints as Long, length-delimited fields as byte[]), so tests can check field numbers written down by hand.
 */
final class WireFields {

    private final Map<Integer, List<Object>> fields;

    private WireFields(Map<Integer, List<Object>> fields) {
        this.fields = fields;
    }

    static WireFields decode(byte[] bytes) {
        Map<Integer, List<Object>> fields = new TreeMap<>();
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                int number = tag >>> 3;
                Object value = switch (tag & 7) {
                    case 0 -> in.readUInt64();
                    case 1 -> in.readFixed64();
                    case 2 -> in.readByteArray();
                    case 5 -> (long) in.readFixed32();
                    default -> throw new IllegalStateException("unexpected wire type in tag " + tag);
                };
                fields.computeIfAbsent(number, n -> new ArrayList<>()).add(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new WireFields(fields);
    }

    java.util.Set<Integer> numbers() {
        return fields.keySet();
    }

    boolean has(int number) {
        return fields.containsKey(number);
    }

    long varint(int number) {
        return (Long) single(number);
    }

    String string(int number) {
        return new String((byte[]) single(number), StandardCharsets.UTF_8);
    }

    byte[] bytes(int number) {
        return (byte[]) single(number);
    }

    WireFields message(int number) {
        return decode(bytes(number));
    }

    List<WireFields> messages(int number) {
        return fields.getOrDefault(number, List.of()).stream().map(v -> decode((byte[]) v)).toList();
    }

    List<String> strings(int number) {
        return fields.getOrDefault(number, List.of()).stream()
                .map(v -> new String((byte[]) v, StandardCharsets.UTF_8)).toList();
    }

    private Object single(int number) {
        List<Object> values = fields.get(number);
        if (values == null || values.size() != 1) {
            throw new AssertionError("expected exactly one field " + number + " but got " + values
                    + " (fields present: " + fields.keySet() + ")");
        }
        return values.get(0);
    }
}
