package com.danubemessaging.connect.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} placeholders in every string value of a TOML tree, in place.
 *
 * <ul>
 *   <li>{@code ${env:NAME}}: the variable's value; a missing variable is an error naming the key and the variable;</li>
 *   <li>{@code ${env:NAME:-fallback}}: the fallback when the variable is unset or empty;</li>
 *   <li>{@code $${env:NAME}}: the literal text {@code ${env:NAME}} (escape).</li>
 * </ul>
 * Placeholders live in string values ({@code password = "${env:MQTT_PASSWORD}"}); numeric keys accept a string
 * holding a number, so {@code port = "${env:PORT}"} works too. Resolved values are never put in error messages,
 * since they are usually secrets: {@link #fromEnvironment()} lists them by key path so that the loader, the
 * configuration's binder and the runtime can mask them.
 */
public final class PlaceholderResolver {

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\$?\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> env;
    private final Map<String, String> fromEnvironment = new LinkedHashMap<>();

    public PlaceholderResolver(Map<String, String> env) {
        this.env = env;
    }

    /** Resolves all placeholders below {@code root}; returns the problems (empty when all resolved). */
    public List<ConfigError> resolveInPlace(ObjectNode root) {
        List<ConfigError> errors = new ArrayList<>();
        resolveObject(root, "", errors);
        return errors;
    }

    /** The resolved values that took text from an environment variable, by key path (e.g. {@code mqtt.password}). */
    public Map<String, String> fromEnvironment() {
        return Map.copyOf(fromEnvironment);
    }

    private void resolveObject(ObjectNode node, String path, List<ConfigError> errors) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        List<Map.Entry<String, JsonNode>> replacements = new ArrayList<>();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode resolved = resolveNode(field.getValue(), childPath, errors);
            if (resolved != field.getValue()) {
                replacements.add(Map.entry(field.getKey(), resolved));
            }
        }
        replacements.forEach(r -> node.set(r.getKey(), r.getValue()));
    }

    private JsonNode resolveNode(JsonNode value, String path, List<ConfigError> errors) {
        if (value.isObject()) {
            resolveObject((ObjectNode) value, path, errors);
            return value;
        }
        if (value.isArray()) {
            ArrayNode array = (ArrayNode) value;
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                JsonNode resolved = resolveNode(element, path + "[" + i + "]", errors);
                if (resolved != element) {
                    array.set(i, resolved);
                }
            }
            return value;
        }
        if (value.isTextual() && value.textValue().contains("${")) {
            boolean[] usedEnvironment = {false};
            String resolved = resolveText(value.textValue(), path, errors, usedEnvironment);
            if (usedEnvironment[0]) {
                fromEnvironment.put(path, resolved);
            }
            return TextNode.valueOf(resolved);
        }
        return value;
    }

    private String resolveText(String text, String path, List<ConfigError> errors, boolean[] usedEnvironment) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String match = matcher.group();
            String replacement;
            if (match.startsWith("$$")) {
                replacement = match.substring(1);
            } else {
                String name = matcher.group(1);
                String fallback = matcher.group(2);
                String envValue = env.get(name);
                if (envValue != null && !(fallback != null && envValue.isEmpty())) {
                    replacement = envValue;
                    usedEnvironment[0] = true;
                } else if (fallback != null) {
                    replacement = fallback;
                } else {
                    errors.add(new ConfigError(path, "environment variable " + name
                            + " is not set (placeholder ${env:" + name + "})"));
                    replacement = "";
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
