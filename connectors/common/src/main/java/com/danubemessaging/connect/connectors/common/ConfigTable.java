package com.danubemessaging.connect.connectors.common;

import com.danubemessaging.connect.api.ConfigKeys;
import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One table of {@code connector.toml} (e.g. {@code [clickhouse]} or one {@code [[clickhouse.routes]]} entry) read
 * key by key, with errors that name the full key ({@code clickhouse.routes[1].to: required}).
 *
 * <p>Every getter remembers the key it was asked for; {@link #reportUnknownKeys} then reports whatever else the
 * table holds through {@link ConfigKeys#checkKnown} (a WARN line at start naming the closest known key), so a typo
 * such as {@code batchsize} does not silently leave a default in place. Unknown keys are not refused, because danube-connect-core ignores them
 * and a Rust connector's {@code connector.toml} must start here too. Numbers and booleans may also be written as
 * strings holding the value, which is what a {@code ${env:…}} placeholder produces.
 */
public final class ConfigTable {
    private final ConnectorConfig config;
    private final String path;
    private final JsonNode node;
    private final Set<String> known = new LinkedHashSet<>();

    private ConfigTable(ConnectorConfig config, String path, JsonNode node) {
        this.config = config;
        this.path = path;
        this.node = node;
    }

    /**
     * The top-level table {@code [name]}.
     *
     * @throws ConfigurationException when it is missing or not a table
     */
    public static ConfigTable root(ConnectorConfig config, String name) {
        JsonNode table = config.raw().get(name);
        if (table == null || table.isNull()) {
            throw new ConfigurationException(name + ": required table [" + name + "] is missing");
        }
        if (!table.isObject()) {
            throw new ConfigurationException(name + ": must be a table, got " + describe(table));
        }
        return new ConfigTable(config, name, table);
    }

    /** The table's own key path, e.g. {@code clickhouse.routes[0]}. */
    public String path() {
        return path;
    }

    /** The full name of {@code key} in this table, for error messages. */
    public String key(String key) {
        return path + "." + key;
    }

    /** @throws ConfigurationException when the key is missing or blank */
    public String requiredString(String key) {
        return string(key).orElseThrow(() -> new ConfigurationException(key(key) + ": required"));
    }

    /** A string value, trimmed; empty when the key is missing or blank. */
    public Optional<String> string(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isValueNode() || value.isBinary()) {
            throw new ConfigurationException(key(key) + ": expected a string, got " + describe(value));
        }
        String text = value.asText().trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** A string value, or {@code fallback} when missing. */
    public String string(String key, String fallback) {
        return string(key).orElse(fallback);
    }

    /** A string with its surrounding spaces kept (passwords); empty when missing. */
    public Optional<String> rawString(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new ConfigurationException(key(key) + ": expected a string, got " + describe(value));
        }
        return Optional.of(value.asText());
    }

    /** @throws ConfigurationException when the value is not {@code true} / {@code false} */
    public boolean bool(String key, boolean fallback) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.isTextual() ? value.asText().trim().toLowerCase(Locale.ROOT) : "";
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigurationException(key(key) + ": expected true or false, got " + describe(value));
    }

    /** @throws ConfigurationException when the value is not an integer in {@code [min, max]} */
    public long integer(String key, long fallback, long min, long max) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        long number;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            number = value.longValue();
        } else if (value.isTextual() && value.asText().trim().matches("-?\\d{1,18}")) {
            number = Long.parseLong(value.asText().trim());
        } else {
            throw new ConfigurationException(key(key) + ": expected an integer, got " + describe(value));
        }
        if (number < min || number > max) {
            throw new ConfigurationException(key(key) + ": must be between " + min + " and " + max + ", got "
                    + number);
        }
        return number;
    }

    /** The value must be one of {@code allowed} (compared case-insensitively); returns it in lower case. */
    public String choice(String key, String fallback, Set<String> allowed) {
        String value = string(key, fallback).toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw new ConfigurationException(key(key) + ": must be one of " + new TreeSet<>(allowed) + ", got \""
                    + value + "\"");
        }
        return value;
    }

    /** A nested table, if present. */
    public Optional<ConfigTable> table(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw new ConfigurationException(key(key) + ": must be a table, got " + describe(value));
        }
        return Optional.of(new ConfigTable(config, key(key), value));
    }

    /**
     * An array of tables ({@code [[x.routes]]} or {@code routes = [{…}, {…}]}); empty when missing.
     *
     * @throws ConfigurationException when the value is not an array of tables
     */
    public List<ConfigTable> tables(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new ConfigurationException(key(key) + ": must be an array of tables, got " + describe(value));
        }
        List<ConfigTable> tables = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = key(key) + "[" + i + "]";
            if (!item.isObject()) {
                throw new ConfigurationException(itemPath + ": must be a table, got " + describe(item));
            }
            tables.add(new ConfigTable(config, itemPath, item));
        }
        return tables;
    }

    /** The raw value of a key the caller reads itself (it counts as known). */
    public Optional<JsonNode> node(String key) {
        return Optional.ofNullable(value(key));
    }

    /** Reports the keys of this table that no getter asked for; the runtime logs them at start. */
    public void reportUnknownKeys() {
        ConfigKeys.checkKnown(config, node, path, known);
    }

    private JsonNode value(String key) {
        known.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "a table";
            case ARRAY -> "an array";
            case STRING -> "\"" + node.asText() + "\"";
            default -> node.toString();
        };
    }
}
