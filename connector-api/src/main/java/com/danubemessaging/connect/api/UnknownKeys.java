package com.danubemessaging.connect.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys of a {@code connector.toml} that nothing reads, collected while the configuration is read. danube-connect-core
 * ignores unknown keys (serde without {@code deny_unknown_fields}), so every file the Rust runtime accepts must start
 * here too: an unknown key is a WARN line with a "did you mean" hint, not an error. With
 * {@code DANUBE_CONNECT_STRICT_CONFIG=true} the runtime refuses to start instead, listing them all.
 *
 * <p>The runtime's loader reports the core tables; a connector reports its own tables through
 * {@link ConfigKeys#checkKnown}, which also claims the table, so the runtime can tell the top-level tables nobody
 * reads (a misspelt {@code [procesing]}) from the connector's. One instance belongs to one {@link ConnectorConfig}.
 */
public final class UnknownKeys {
    private final boolean strict;
    private final List<String> found = new ArrayList<>();
    private final Set<String> claimedTables = new LinkedHashSet<>();
    private int reported;

    private UnknownKeys(boolean strict) {
        this.strict = strict;
    }

    /** Unknown keys are warnings (the default, as upstream). */
    public static UnknownKeys lenient() {
        return new UnknownKeys(false);
    }

    /** Unknown keys are errors ({@code DANUBE_CONNECT_STRICT_CONFIG=true}). */
    public static UnknownKeys strict() {
        return new UnknownKeys(true);
    }

    /** True when unknown keys must stop the start. */
    public boolean isStrict() {
        return strict;
    }

    /**
     * Records every key of {@code table} not in {@code known}, with the closest known key as a hint, and claims the
     * top-level table {@code path} belongs to.
     *
     * @param table the table (or one element of an array of tables); nothing is recorded when it is not an object
     * @param path  how the table is named in messages, e.g. {@code mqtt} or {@code mqtt.routes[0]}
     */
    public synchronized void check(JsonNode table, String path, Set<String> known) {
        claimedTables.add(topLevel(path));
        if (table == null || !table.isObject()) {
            return;
        }
        for (Iterator<String> names = table.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                add(path + "." + name, "unknown key, ignored" + ConfigKeys.closest(name, known)
                        .map(best -> " (did you mean " + path + "." + best + "?)").orElse(""));
            }
        }
    }

    /** Records one finding, e.g. {@code procesing: unknown table, ignored (did you mean [processing]?)}. */
    public synchronized void add(String key, String reason) {
        String line = key + ": " + reason;
        if (!found.contains(line)) {
            found.add(line);
        }
    }

    /** The findings so far, in the order they were made, one line each. */
    public synchronized List<String> found() {
        return List.copyOf(found);
    }

    /** The findings not handed out by an earlier call, so the runtime logs each once. */
    public synchronized List<String> takeUnreported() {
        List<String> fresh = List.copyOf(found.subList(reported, found.size()));
        reported = found.size();
        return fresh;
    }

    /** The top-level tables a connector has checked through {@link #check}. */
    public synchronized Set<String> claimedTables() {
        return Set.copyOf(claimedTables);
    }

    private static String topLevel(String path) {
        int end = path.length();
        for (char c : new char[] {'.', '['}) {
            int at = path.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return path.substring(0, end);
    }
}
