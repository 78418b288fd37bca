package com.danubemessaging.connect.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
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
     * Reports the keys of {@code table} that are not in {@code known} to the configuration's {@link UnknownKeys}:
     * {@link ConnectorConfig#bind} ignores them as danube-connect-core does, and the runtime lists them at start as
     * WARN lines naming the closest known key (errors under {@code DANUBE_CONNECT_STRICT_CONFIG=true}), so a typo such
     * as {@code time_out_ms} does not silently leave the default in place. Also marks the table as the connector's.
     *
     * @param table  the table (or one element of an array of tables); nothing is checked when it is not an object
     * @param path   how the table is named in messages, e.g. {@code http} or {@code http.routes[0]}
     * @param known  the keys the table may hold
     */
    public static void checkKnown(ConnectorConfig config, JsonNode table, String path, Set<String> known) {
        config.unknownKeys().check(table, path, known);
    }

    /** Like {@link #checkKnown(ConnectorConfig, JsonNode, String, Set)} for the top-level table {@code [table]}. */
    public static void checkKnown(ConnectorConfig config, String table, Set<String> known) {
        checkKnown(config, config.raw().get(table), table, known);
    }

    /**
     * The known name closest to a misspelt one, when it is plausibly a typo (edit distance at most a third of the
     * known name's length, and at least 2) or a shortened name (a known name starting with it): the one
     * "did you mean" of the runtime and the connectors.
     */
    public static Optional<String> closest(String unknown, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(known)) {
            int d = distance(unknown, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.max(2, best.length() / 3)) {
            return Optional.of(best);
        }
        // a shortened name: max_body for max_body_size
        return unknown.length() < 4 ? Optional.empty() : new TreeSet<>(known).stream()
                .filter(candidate -> candidate.startsWith(unknown))
                .min(java.util.Comparator.comparingInt(String::length));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
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

    /** @throws ConfigurationException unless {@code value} is within {@code [min, max]} */
    public static long range(long value, long min, long max, String key) {
        if (value < min || value > max) {
            throw new ConfigurationException(key + ": must be between " + min + " and " + max + ", got " + value);
        }
        return value;
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
