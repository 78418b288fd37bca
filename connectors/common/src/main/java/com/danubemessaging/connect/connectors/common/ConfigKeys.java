package com.danubemessaging.connect.connectors.common;

import com.danubemessaging.connect.api.ConfigurationException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * Checks of a connector's own TOML tables. Unknown keys are warned about, not refused: danube-connect-core ignores
 * them, and a {@code connector.toml} the Rust connector accepts must start here too.
 */
public final class ConfigKeys {
    private static final Pattern TOPIC = Pattern.compile("/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+");

    private ConfigKeys() {
    }

    /**
     * Logs one WARN line per key of {@code table} that is not in {@code known}, naming the closest known key.
     *
     * @param path the table's path for the message, e.g. {@code mqtt} or {@code mqtt.routes[0]}
     * @return the unknown keys, with their path
     */
    public static List<String> warnUnknown(JsonNode table, String path, Set<String> known, Logger log) {
        List<String> unknown = new ArrayList<>();
        if (table == null || !table.isObject()) {
            return unknown;
        }
        for (Iterator<String> names = table.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                String key = path + "." + name;
                unknown.add(key);
                String guess = closest(name, known);
                log.warn("{}: unknown key, ignored{}", key, guess == null ? "" : " (did you mean " + path + "."
                        + guess + "?)");
            }
        }
        return unknown;
    }

    /** @throws ConfigurationException when {@code value} is null or blank */
    public static String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(key + ": required");
        }
        return value.trim();
    }

    /** @throws ConfigurationException unless {@code topic} is {@code /namespace/topic} as Danube accepts it */
    public static String topic(String topic, String key) {
        String t = required(topic, key);
        if (!TOPIC.matcher(t).matches()) {
            throw new ConfigurationException(key + ": must be /namespace/topic (letters, digits, _ and -), got \""
                    + t + "\"");
        }
        return t;
    }

    /** @throws ConfigurationException unless {@code value} is within {@code [min, max]} */
    public static long range(long value, long min, long max, String key) {
        if (value < min || value > max) {
            throw new ConfigurationException(key + ": must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** The known key nearest to {@code name} (edit distance at most 3), or null. */
    static String closest(String name, Set<String> known) {
        String best = null;
        int bestDistance = 4;
        for (String candidate : known) {
            int d = distance(name, candidate);
            if (d < bestDistance || (d == bestDistance && best != null && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
