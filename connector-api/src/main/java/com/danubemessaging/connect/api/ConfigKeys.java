package com.danubemessaging.connect.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks for a connector's own tables that name the key in every error, so a bad {@code connector.toml} stops the
 * runtime at start with the key and the reason ({@code http.routes[1].to: required}).
 */
public final class ConfigKeys {

    private ConfigKeys() {
    }

    /**
     * Rejects unknown keys: {@link ConnectorConfig#bind} ignores them, so a typo such as {@code time_out_ms} would
     * otherwise silently leave the default in place.
     *
     * @param table  the table (or one element of an array of tables); nothing is checked when it is not an object
     * @param prefix how the table is named in messages, e.g. {@code http} or {@code http.routes[0]}
     * @param known  the keys the table may hold
     * @throws ConfigurationException listing every unknown key and the known ones
     */
    public static void requireKnown(JsonNode table, String prefix, Set<String> known) {
        if (table == null || !table.isObject()) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = table.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                unknown.add(prefix + "." + name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigurationException(String.join(", ", unknown) + ": unknown key"
                    + (unknown.size() > 1 ? "s" : "") + " (known keys of [" + prefix + "]: "
                    + String.join(", ", new TreeSet<>(known)) + ")");
        }
    }

    /** Like {@link #requireKnown(JsonNode, String, Set)} for the top-level table {@code [table]} of {@code config}. */
    public static void requireKnown(ConnectorConfig config, String table, Set<String> known) {
        requireKnown(config.raw().get(table), table, known);
    }

    /**
     * @return {@code value} trimmed
     * @throws ConfigurationException when {@code value} is null or blank
     */
    public static String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(key + ": required");
        }
        return value.trim();
    }

    /**
     * @return {@code value} trimmed, or null when it is null or blank
     */
    public static String optional(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** @throws ConfigurationException unless {@code topic} looks like {@code /namespace/topic} */
    public static String topic(String topic, String key) {
        String t = required(topic, key);
        if (!t.matches("/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+")) {
            throw new ConfigurationException(key + ": must be /namespace/topic (letters, digits, _ and -), got \""
                    + t + "\"");
        }
        return t;
    }

    /**
     * Parses a subscription type as upstream spells it ({@link SubscriptionType#parse}); null gives {@code fallback}.
     *
     * @throws ConfigurationException naming the key and the accepted values
     */
    public static SubscriptionType subscriptionType(String value, String key, SubscriptionType fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return SubscriptionType.parse(value.trim());
        } catch (ConfigurationException e) {
            throw new ConfigurationException(key + ": " + e.getMessage(), e);
        }
    }

    /**
     * One constant of an enum, named in lower case in the file ({@code mode = "array"}); null gives
     * {@code fallback}.
     *
     * @throws ConfigurationException naming the key and the accepted values
     */
    public static <E extends Enum<E>> E choice(String value, String key, E fallback) {
        if (value == null) {
            return fallback;
        }
        E[] constants = fallback.getDeclaringClass().getEnumConstants();
        for (E constant : constants) {
            if (constant.name().equalsIgnoreCase(value.trim())) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : constants) {
            names.add("\"" + constant.name().toLowerCase(java.util.Locale.ROOT) + "\"");
        }
        String last = names.remove(names.size() - 1);
        throw new ConfigurationException(key + ": must be " + (names.isEmpty() ? "" : String.join(", ", names)
                + " or ") + last + " (got \"" + value + "\")");
    }

    /**
     * @throws ConfigurationException unless {@code value} is at least {@code min}
     */
    public static long atLeast(long value, long min, String key) {
        if (value < min) {
            throw new ConfigurationException(key + ": must be at least " + min + " (got " + value + ")");
        }
        return value;
    }
}
