package com.danubemessaging.connect.connectors.common;

import com.danubemessaging.connect.api.ConfigurationException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A dotted path into a JSON payload, as the Rust sinks' {@code json_path}: {@code "user.address.city"}; a leading
 * {@code "$."} is allowed, and a numeric segment indexes an array ({@code "items.0.sku"}).
 */
public final class JsonPath {
    private final String text;
    private final List<String> segments;

    private JsonPath(String text, List<String> segments) {
        this.text = text;
        this.segments = segments;
    }

    /** @throws ConfigurationException naming {@code key} when the path is empty or has an empty segment */
    public static JsonPath parse(String path, String key) {
        String body = path.startsWith("$.") ? path.substring(2) : path;
        if (body.isEmpty() || body.startsWith(".") || body.endsWith(".") || body.contains("..")) {
            throw new ConfigurationException(key + ": \"" + path + "\" is not a dotted JSON path such as \"a.b.c\"");
        }
        return new JsonPath(path, List.of(body.split("\\.")));
    }

    /** The value at this path, or null when any segment is missing (or the value is JSON null). */
    public JsonNode find(JsonNode root) {
        JsonNode current = root;
        for (String segment : segments) {
            if (current == null) {
                return null;
            }
            if (current.isArray() && segment.chars().allMatch(Character::isDigit)) {
                current = current.get(Integer.parseInt(segment));
            } else {
                current = current.get(segment);
            }
        }
        return current == null || current.isNull() || current.isMissingNode() ? null : current;
    }

    @Override
    public String toString() {
        return text;
    }
}
