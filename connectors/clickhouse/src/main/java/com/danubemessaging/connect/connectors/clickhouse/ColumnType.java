package com.danubemessaging.connect.connectors.clickhouse;

import com.danubemessaging.connect.connectors.common.JsonValues;
import com.danubemessaging.connect.connectors.common.RejectedValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A ClickHouse column type, as {@code system.columns.type} spells it, and how a JSON value becomes what
 * {@code FORMAT JSONEachRow} accepts for it. The checks happen here, per record, so that a value the column cannot
 * hold (an {@code Int32} of 99999999999, which ClickHouse 18.16 would silently wrap) is rejected with the column's
 * name instead of landing wrong or failing the whole INSERT. Types without a rule here are passed through and
 * checked by the server.
 */
interface ColumnType {
    JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The value to send for a non-null {@code value}. @throws RejectedValue when the column cannot hold it */
    JsonNode encode(JsonNode value);

    /** Whether JSON null may be sent. */
    default boolean nullable() {
        return false;
    }

    /** Parses a type name from {@code system.columns}. */
    static ColumnType parse(String type) {
        return ColumnTypeParser.parse(type);
    }

    /** {@code Nullable(T)}. */
    record Nullable(ColumnType inner) implements ColumnType {
        @Override
        public JsonNode encode(JsonNode value) {
            return value == null || value.isNull() ? NullNode.getInstance() : inner.encode(value);
        }

        @Override
        public boolean nullable() {
            return true;
        }
    }

    /** {@code IntN} and {@code UIntN}: whole numbers in range, also as strings; booleans become 1 and 0. */
    record Whole(String name, BigInteger min, BigInteger max) implements ColumnType {
        @Override
        public JsonNode encode(JsonNode value) {
            JsonNode number = value.isBoolean() ? JSON.numberNode(value.booleanValue() ? 1 : 0) : value;
            BigInteger whole = JsonValues.wholeNumber(number, min, max, name);
            return whole.bitLength() < 64 ? JSON.numberNode(whole.longValue()) : JSON.numberNode(whole);
        }
    }

    /** {@code Float32} / {@code Float64}. */
    record Floating(String name, double max) implements ColumnType {
        @Override
        public JsonNode encode(JsonNode value) {
            double number = JsonValues.decimal(value, name).doubleValue();
            if (Double.isInfinite(number) || Math.abs(number) > max) {
                throw new RejectedValue(value.asText() + " is out of the range of " + name);
            }
            return JSON.numberNode(number);
        }
    }

    /** {@code Decimal(P, S)}: at most S decimal places and P digits in all; sent as a JSON number (18.16 needs that). */
    record Decimal(String name, int precision, int scale) implements ColumnType {
        @Override
        public JsonNode encode(JsonNode value) {
            return JSON.numberNode(JsonValues.fixedPoint(value, precision, scale, name));
        }
    }

    /** {@code String}: text as is, numbers and booleans as their text, objects and arrays as compact JSON. */
    record Text() implements ColumnType {
        @Override
        public JsonNode encode(JsonNode value) {
            return JSON.textNode(JsonValues.text(value));
        }
    }

    /** {@code FixedString(N)}: at most N UTF-8 bytes. */
    record FixedText(int length) implements ColumnType {
        @Override
        public JsonNode encode(JsonNode value) {
            JsonNode text = new Text().encode(value);
            int bytes = text.textValue().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > length) {
                throw new RejectedValue("\"" + JsonValues.abbreviate(text.textValue()) + "\" is " + bytes
                        + " bytes, FixedString(" + length + ") holds " + length);
            }
            return text;
        }
    }

    /** {@code Bool}: true/false, "true"/"false", 1/0. */
    record Bool() implements ColumnType {
        @Override
        public JsonNode encode(JsonNode value) {
            return JSON.booleanNode(JsonValues.bool(value));
        }
    }

    /** {@code UUID}: the canonical 8-4-4-4-12 hex form. */
    record Uuid() implements ColumnType {
        private static final String PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

        @Override
        public JsonNode encode(JsonNode value) {
            if (!value.isTextual() || !value.textValue().matches(PATTERN)) {
                throw new RejectedValue(JsonValues.describe(value) + " is not a UUID");
            }
            return JSON.textNode(value.textValue().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** {@code Enum8/16}: a name of the enum, or its number (sent as the name, which is what 18.16 accepts). */
    record Enumeration(String name, Map<String, Integer> values) implements ColumnType {
        @Override
        public JsonNode encode(JsonNode value) {
            if (value.isTextual() && values.containsKey(value.textValue())) {
                return value;
            }
            if (value.isIntegralNumber()) {
                for (Map.Entry<String, Integer> e : values.entrySet()) {
                    if (e.getValue() == value.asInt() && value.canConvertToInt()) {
                        return JSON.textNode(e.getKey());
                    }
                }
            }
            throw new RejectedValue(JsonValues.describe(value) + " is not one of " + values.keySet() + " of " + name);
        }
    }

    /** {@code Array(T)}. */
    record Array(ColumnType element) implements ColumnType {
        @Override
        public JsonNode encode(JsonNode value) {
            if (!value.isArray()) {
                throw new RejectedValue(JsonValues.describe(value) + " is not an array");
            }
            ArrayNode out = JSON.arrayNode(value.size());
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (item.isNull() && !element.nullable()) {
                    throw new RejectedValue("element " + i + " is null, the array's elements are not Nullable");
                }
                try {
                    out.add(element.encode(item));
                } catch (RejectedValue e) {
                    throw new RejectedValue("element " + i + ": " + e.getMessage());
                }
            }
            return out;
        }
    }

    /** {@code Date} / {@code Date32}: {@code "YYYY-MM-DD"}, or an ISO-8601 timestamp (its UTC day). */
    record Day(String name, java.time.LocalDate min, java.time.LocalDate max) implements ColumnType {
        @Override
        public JsonNode encode(JsonNode value) {
            java.time.LocalDate date = JsonValues.date(value);
            if (date.isBefore(min) || date.isAfter(max)) {
                throw new RejectedValue(date + " is outside the range of " + name + " (" + min + " to " + max + ")");
            }
            return JSON.textNode(date.toString());
        }
    }

    /**
     * {@code DateTime} / {@code DateTime('tz')}: epoch seconds, or an ISO-8601 timestamp (without an offset it is
     * UTC); sent as epoch seconds, so the server's and the column's time zone cannot shift it. Fractions of a second
     * are cut off, as the type holds whole seconds.
     */
    record Timestamp() implements ColumnType {
        private static final long MAX = 4_294_967_295L;

        @Override
        public JsonNode encode(JsonNode value) {
            long seconds = JsonValues.timestamp(value).getEpochSecond();
            if (seconds < 0 || seconds > MAX) {
                throw new RejectedValue(JsonValues.describe(value) + " is outside the range of DateTime (1970-01-01"
                        + " to 2106-02-07 UTC)");
            }
            return JSON.numberNode(seconds);
        }
    }

    /** A type without a rule here: sent as given, the server checks it. */
    record Passthrough(String name) implements ColumnType {
        @Override
        public JsonNode encode(JsonNode value) {
            return value;
        }
    }
}
