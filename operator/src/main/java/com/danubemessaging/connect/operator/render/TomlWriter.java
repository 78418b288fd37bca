package com.danubemessaging.connect.operator.render;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a tree of maps, lists and scalars (as read from YAML) as a TOML document. Maps become {@code [tables]},
 * lists whose items are all maps become {@code [[arrays of tables]]}, everything else is written inline. Key order is
 * the iteration order of the maps, so callers decide the layout and the output is deterministic.
 */
public final class TomlWriter {

    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private TomlWriter() {
    }

    /**
     * @param root the document; values must be maps, lists, strings, booleans or numbers
     * @param fieldPath how to name the root in error messages (e.g. {@code spec.config})
     * @throws InvalidSpecException for null values or types TOML cannot express
     */
    public static String write(Map<String, ?> root, String fieldPath) {
        StringBuilder out = new StringBuilder();
        writeTableBody(out, root, new ArrayList<>(), fieldPath);
        return out.toString();
    }

    private static void writeTableBody(StringBuilder out, Map<String, ?> table, List<String> path, String fieldPath) {
        for (Map.Entry<String, ?> e : table.entrySet()) {
            Object value = e.getValue();
            if (!(value instanceof Map) && !isArrayOfTables(value)) {
                out.append(key(e.getKey())).append(" = ")
                        .append(inlineValue(value, fieldPath + "." + e.getKey())).append('\n');
            }
        }
        for (Map.Entry<String, ?> e : table.entrySet()) {
            Object value = e.getValue();
            List<String> childPath = new ArrayList<>(path);
            childPath.add(e.getKey());
            String childField = fieldPath + "." + e.getKey();
            if (value instanceof Map<?, ?> child) {
                out.append(out.length() == 0 ? "" : "\n").append('[').append(dotted(childPath)).append("]\n");
                writeTableBody(out, asStringMap(child, childField), childPath, childField);
            } else if (isArrayOfTables(value)) {
                int index = 0;
                for (Object item : (List<?>) value) {
                    String itemField = childField + "[" + index++ + "]";
                    out.append(out.length() == 0 ? "" : "\n").append("[[").append(dotted(childPath)).append("]]\n");
                    writeTableBody(out, asStringMap((Map<?, ?>) item, itemField), childPath, itemField);
                }
            }
        }
    }

    private static boolean isArrayOfTables(Object value) {
        return value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Map.class::isInstance);
    }

    private static String inlineValue(Object value, String fieldPath) {
        if (value == null) {
            throw new InvalidSpecException("InvalidConfig",
                    fieldPath + " is null, and TOML has no null: give it a value or remove the key");
        }
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                return "nan";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "inf" : "-inf";
            }
            return value.toString();
        }
        if (value instanceof BigDecimal bd) {
            String plain = bd.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            int index = 0;
            for (Iterator<?> it = list.iterator(); it.hasNext(); index++) {
                sb.append(inlineValue(it.next(), fieldPath + "[" + index + "]"));
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            return sb.append(']').toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{ ");
            for (Iterator<? extends Map.Entry<String, ?>> it = asStringMap(map, fieldPath).entrySet().iterator();
                    it.hasNext();) {
                Map.Entry<String, ?> e = it.next();
                sb.append(key(e.getKey())).append(" = ").append(inlineValue(e.getValue(), fieldPath + "." + e.getKey()));
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            return sb.append(" }").toString();
        }
        throw new InvalidSpecException("InvalidConfig",
                fieldPath + " has a value of type " + value.getClass().getSimpleName() + " that TOML cannot express");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> asStringMap(Map<?, ?> map, String fieldPath) {
        for (Object k : map.keySet()) {
            if (!(k instanceof String)) {
                throw new InvalidSpecException("InvalidConfig", fieldPath + " has a non-string key " + k);
            }
        }
        return (Map<String, ?>) map;
    }

    private static String dotted(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String part : path) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            sb.append(key(part));
        }
        return sb.toString();
    }

    static String key(String key) {
        return BARE_KEY.matcher(key).matches() ? key : quote(key);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
