package com.danubemessaging.connect.runtime.config;

import com.danubemessaging.connect.api.ConfigKeys;
import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.UnknownKeys;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the unknown-key report once the connector has initialized, and so has checked its own tables through
 * {@link ConfigKeys#checkKnown}: the top-level tables and keys that neither the runtime nor the connector reads are
 * added ({@code [mqqt]}: did you mean {@code [mqtt]}?), then every finding not logged yet is logged as a WARN line,
 * or, under {@code DANUBE_CONNECT_STRICT_CONFIG=true}, all of them together stop the start.
 */
public final class UnknownKeysReport {
    private static final Logger LOG = LoggerFactory.getLogger(UnknownKeysReport.class);

    private UnknownKeysReport() {
    }

    /**
     * @throws ConfigurationException in strict mode, listing every unknown key and table
     */
    public static void afterInitialize(ConnectorConfig config) {
        UnknownKeys keys = config.unknownKeys();
        addUnreadTopLevelNames(config.raw(), keys);
        List<String> fresh = keys.takeUnreported();
        if (fresh.isEmpty()) {
            return;
        }
        if (keys.isStrict()) {
            throw new ConfigurationException(String.join("; ", fresh.stream()
                    .map(line -> line.replace(", ignored", "")).toList()) + " [" + RuntimeEnv.STRICT_CONFIG
                    + "=true]");
        }
        fresh.forEach(line -> LOG.warn("connector.toml: {}", line));
    }

    /**
     * Only when the connector checked at least one table of its own: a connector that reads its tables without
     * {@link ConfigKeys#checkKnown} (a third-party one, say) cannot tell, and its tables must not be called unknown.
     */
    private static void addUnreadTopLevelNames(JsonNode root, UnknownKeys keys) {
        Set<String> claimed = keys.claimedTables();
        if (claimed.isEmpty()) {
            return;
        }
        Set<String> candidates = new LinkedHashSet<>(claimed);
        candidates.removeAll(CoreConfigReader.ROOT_KEYS);
        root.fieldNames().forEachRemaining(name -> {
            if (claimed.contains(name) || CoreConfigReader.reportedAtLoad(name)) {
                return;
            }
            JsonNode value = root.get(name);
            String kind = value.isObject() || value.isArray() ? "unknown table" : "unknown key";
            keys.add(name, kind + ", ignored" + ConfigKeys.closest(name, candidates)
                    .map(best -> " (did you mean [" + best + "]?)").orElse(""));
        });
    }
}
