package com.danubemessaging.connect.connectors.jdbc;

import com.danubemessaging.connect.api.ConfigurationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A dotted path into a JSON payload, as the Rust {@code sink-deltalake} writes them: {@code customer.address.city},
 * optionally starting with {@code $.}, with {@code [n]} (or {@code .n}) for array elements: {@code items[0].sku}.
 * {@code $} alone is the whole payload.
 */
final class JsonPath {
    private final String text;
    private final List<Object> steps;

    private JsonPath(String text, List<Object> steps) {
        this.text = text;
        this.steps = steps;
    }

    /**
     * @throws ConfigurationException naming the key when the path is empty or malformed
     */
    static JsonPath parse(String value, String key) {
        String path = value == null ? "" : value.trim();
        if (path.equals("$")) {
            return new JsonPath(path, List.of());
        }
        String rest = path.startsWith("$.") ? path.substring(2) : path;
        if (rest.isEmpty()) {
            throw new ConfigurationException(key + ": empty JSON path");
        }
        List<Object> steps = new ArrayList<>();
        for (String part : rest.split("\\.", -1)) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            if (name.isEmpty() && bracket != 0) {
                throw new ConfigurationException(key + ": empty segment in JSON path '" + path + "'");
            }
            if (!name.isEmpty()) {
                steps.add(name.chars().allMatch(Character::isDigit) ? (Object) Integer.parseInt(name) : name);
            }
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                if (close < 0) {
                    throw new ConfigurationException(key + ": unclosed [ in JSON path '" + path + "'");
                }
                String index = part.substring(bracket + 1, close);
                if (index.isEmpty() || !index.chars().allMatch(Character::isDigit)) {
                    throw new ConfigurationException(key + ": array index must be a number in JSON path '" + path
                            + "'");
                }
                steps.add(Integer.parseInt(index));
                bracket = part.indexOf('[', close);
                if (bracket < 0 && close != part.length() - 1) {
                    throw new ConfigurationException(key + ": unexpected text after ] in JSON path '" + path + "'");
                }
            }
        }
        return new JsonPath(path, List.copyOf(steps));
    }

    /** The value at this path, or a missing node. */
    JsonNode read(JsonNode root) {
        JsonNode node = root;
        for (Object step : steps) {
            if (node == null || node.isMissingNode() || node.isNull()) {
                return MissingNode.getInstance();
            }
            node = step instanceof Integer index ? (node.isArray() ? node.path(index) : node.path(index.toString()))
                    : node.path((String) step);
        }
        return node == null ? MissingNode.getInstance() : node;
    }

    @Override
    public String toString() {
        return text;
    }
}
