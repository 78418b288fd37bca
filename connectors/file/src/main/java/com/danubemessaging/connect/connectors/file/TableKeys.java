package com.danubemessaging.connect.connectors.file;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rejects unknown keys in a connector table: the binder ignores them, so a typo such as {@code offsetfile}
 * would otherwise silently leave the default in place.
 */
final class TableKeys {

    private TableKeys() {
    }

    /** @throws ConfigurationException listing every unknown key of {@code [table]} and the known ones */
    static void requireKnown(ConnectorConfig config, String table, Set<String> known) {
        JsonNode node = config.raw().get(table);
        if (node == null || !node.isObject()) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                unknown.add(table + "." + name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigurationException(String.join(", ", unknown) + ": unknown key"
                    + (unknown.size() > 1 ? "s" : "") + " (known keys of [" + table + "]: "
                    + String.join(", ", new TreeSet<>(known)) + ")");
        }
    }

    /** @throws ConfigurationException when {@code value} is null or blank */
    static String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(key + ": required");
        }
        return value.trim();
    }

    /** @throws ConfigurationException unless {@code topic} looks like {@code /namespace/topic} */
    static String topic(String topic, String key) {
        String t = required(topic, key);
        if (!t.matches("/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+")) {
            throw new ConfigurationException(key + ": must be /namespace/topic (letters, digits, _ and -), got \""
                    + t + "\"");
        }
        return t;
    }
}
