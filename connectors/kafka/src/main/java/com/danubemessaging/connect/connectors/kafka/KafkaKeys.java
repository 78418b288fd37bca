package com.danubemessaging.connect.connectors.kafka;

import com.danubemessaging.connect.api.ConfigurationException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Key checks of the {@code [kafka]} table that name the key in every error. */
final class KafkaKeys {

    private KafkaKeys() {
    }

    /**
     * Rejects unknown keys, which the binder would silently ignore (a typo would leave a default in place).
     *
     * @throws ConfigurationException listing the unknown keys and the known ones
     */
    static void requireKnown(JsonNode table, String prefix, Set<String> known) {
        if (table == null || !table.isObject()) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        table.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                unknown.add(prefix + "." + name);
            }
        });
        if (!unknown.isEmpty()) {
            throw new ConfigurationException(String.join(", ", unknown) + ": unknown key"
                    + (unknown.size() > 1 ? "s" : "") + " (known keys of " + prefix + ": "
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
}
