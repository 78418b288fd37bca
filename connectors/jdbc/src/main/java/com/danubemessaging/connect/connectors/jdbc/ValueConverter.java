package com.danubemessaging.connect.connectors.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;

/**
 * Turns a JSON value into the Java value bound for a column of a {@link DataType}. Refuses what does not fit
 * (a fraction for an integer, text that is not a number, an unreadable timestamp) rather than guessing, so a bad
 * message becomes invalid data instead of a wrong row.
 */
final class ValueConverter {

    /** A value that does not fit its column type; the message says why, without the value's neighbours. */
    static final class Mismatch extends Exception {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message);
        }
    }

    private ValueConverter() {
    }

    /**
     * @param value a present, non-null JSON value
     * @return String, Integer, Long, Double, BigDecimal, Boolean, Instant, LocalDate, byte[], or (for
     *         {@link DataType#JSON}) the JSON text
     * @throws Mismatch when the value does not fit {@code type}
     */
    static Object convert(JsonNode value, DataType type) throws Mismatch {
        return switch (type) {
            case TEXT -> value.isValueNode() ? value.asText() : value.toString();
            case INTEGER -> {
                long v = integral(value, type);
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new Mismatch(v + " is out of range for integer");
                }
                yield (int) v;
            }
            case BIGINT -> integral(value, type);
            case DOUBLE -> decimal(value, type).doubleValue();
            case NUMERIC -> decimal(value, type);
            case BOOLEAN -> bool(value);
            case TIMESTAMP -> timestamp(value);
            case DATE -> date(value);
            case JSON -> value.toString();
            case BYTES -> bytes(value);
        };
    }

    private static long integral(JsonNode value, DataType type) throws Mismatch {
        BigDecimal d = decimal(value, type);
        try {
            return d.longValueExact();
        } catch (ArithmeticException e) {
            throw new Mismatch(describe(value) + " is not a whole number in the range of " + name(type));
        }
    }

    private static BigDecimal decimal(JsonNode value, DataType type) throws Mismatch {
        if (value.isNumber()) {
            try {
                return value.decimalValue();
            } catch (NumberFormatException infinite) {
                // a JSON number too large for a double parses as Infinity
                throw new Mismatch(describe(value) + " is not a finite number (" + name(type) + ")");
            }
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.textValue().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new Mismatch(describe(value) + " is not a number (" + name(type) + ")");
    }

    private static Boolean bool(JsonNode value) throws Mismatch {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            String t = value.textValue().trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("false")) {
                return Boolean.parseBoolean(t);
            }
        }
        throw new Mismatch(describe(value) + " is not a boolean");
    }

    /** Epoch milliseconds, or ISO-8601 with an offset ({@code 2026-11-28T10:00:00Z}); without one, UTC. */
    private static Instant timestamp(JsonNode value) throws Mismatch {
        if (value.isIntegralNumber()) {
            return Instant.ofEpochMilli(value.longValue());
        }
        if (value.isTextual()) {
            String t = value.textValue().trim();
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException notWithOffset) {
                try {
                    return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    // reported below
                }
            }
        }
        throw new Mismatch(describe(value) + " is not a timestamp (epoch milliseconds or ISO-8601)");
    }

    private static LocalDate date(JsonNode value) throws Mismatch {
        if (value.isTextual()) {
            try {
                return LocalDate.parse(value.textValue().trim());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new Mismatch(describe(value) + " is not a date (YYYY-MM-DD)");
    }

    private static byte[] bytes(JsonNode value) throws Mismatch {
        if (value.isTextual()) {
            try {
                return Base64.getDecoder().decode(value.textValue().trim());
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw new Mismatch(describe(value) + " is not base64 text (bytes)");
    }

    /** The value's kind and a short preview; payload fields can be personal data, so never more than that. */
    private static String describe(JsonNode value) {
        String kind = value.getNodeType().name().toLowerCase(Locale.ROOT);
        String text = value.isValueNode() ? value.asText() : value.toString();
        return kind + " '" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'";
    }

    private static String name(DataType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
