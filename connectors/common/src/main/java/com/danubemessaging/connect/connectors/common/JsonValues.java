package com.danubemessaging.connect.connectors.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reading typed values out of JSON payload values, the same way in every sink: numbers from JSON numbers or strings
 * holding one; timestamps from epoch seconds (as the Rust sinks read them) or ISO-8601 text; dates from
 * {@code YYYY-MM-DD}. Anything else is a {@link RejectedValue} saying what was expected.
 */
public final class JsonValues {
    private static final int SHOWN = 60;

    private JsonValues() {
    }

    /** A JSON number, or a string holding one. @throws RejectedValue for anything else */
    public static BigDecimal decimal(JsonNode value, String type) {
        if (value.isNumber()) {
            if (value.isDouble() || value.isFloat()) {
                double d = value.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new RejectedValue(value.asText() + " is not a finite number for " + type);
                }
            }
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.textValue().trim());
            } catch (NumberFormatException e) {
                throw new RejectedValue(describe(value) + " is not a number for " + type);
            }
        }
        throw new RejectedValue(describe(value) + " is not a number for " + type);
    }

    /** Text as is; numbers and booleans as their JSON text; objects and arrays as compact JSON. */
    public static String text(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.isValueNode() ? value.asText() : value.toString();
    }

    /** {@code true}/{@code false}, also as strings; {@code 1}/{@code 0}. @throws RejectedValue otherwise */
    public static boolean bool(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return switch (value.asText().trim()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new RejectedValue(describe(value) + " is not a boolean");
        };
    }

    /**
     * A whole number in {@code [min, max]}, from a JSON number without a fraction or a string holding one.
     *
     * @throws RejectedValue naming {@code type} and its range otherwise
     */
    public static BigInteger wholeNumber(JsonNode value, BigInteger min, BigInteger max, String type) {
        BigDecimal number = decimal(value, type);
        BigInteger whole;
        try {
            whole = number.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new RejectedValue(number.toPlainString() + " is not a whole number, " + type
                    + " holds whole numbers only");
        }
        if (whole.compareTo(min) < 0 || whole.compareTo(max) > 0) {
            throw new RejectedValue(whole + " does not fit " + type + " (" + min + " to " + max + ")");
        }
        return whole;
    }

    /**
     * A decimal with at most {@code scale} decimal places and {@code precision} digits in all, returned with exactly
     * {@code scale} places. Extra places are refused rather than rounded away.
     *
     * @throws RejectedValue otherwise
     */
    public static BigDecimal fixedPoint(JsonNode value, int precision, int scale, String type) {
        BigDecimal number = decimal(value, type);
        BigDecimal stripped = number.stripTrailingZeros();
        if (stripped.scale() > scale) {
            throw new RejectedValue(number.toPlainString() + " has " + stripped.scale() + " decimal places, "
                    + type + " holds " + scale);
        }
        BigDecimal scaled = number.setScale(scale);
        if (scaled.precision() > precision) {
            throw new RejectedValue(number.toPlainString() + " needs more than the " + precision + " digits of "
                    + type);
        }
        return scaled;
    }

    /** {@code "2024-05-01"}, or the UTC day of a timestamp. @throws RejectedValue otherwise */
    public static LocalDate date(JsonNode value) {
        if (value.isTextual()) {
            String text = value.textValue().trim();
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException notADay) {
                return instant(text, value).atOffset(ZoneOffset.UTC).toLocalDate();
            }
        }
        throw new RejectedValue(describe(value) + " is not a date (expected \"YYYY-MM-DD\")");
    }

    /** A number is epoch seconds (fractions kept to the microsecond); text is ISO-8601. @throws RejectedValue otherwise */
    public static Instant timestamp(JsonNode value) {
        if (value.isNumber()) {
            BigDecimal seconds = decimal(value, "a timestamp");
            long whole = seconds.longValue();
            long micros = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(6).longValue();
            return Instant.ofEpochSecond(whole, micros * 1000);
        }
        if (value.isTextual()) {
            String text = value.textValue().trim();
            if (text.matches("-?\\d+")) {
                return Instant.ofEpochSecond(Long.parseLong(text));
            }
            return instant(text, value);
        }
        throw new RejectedValue(describe(value) + " is not a timestamp (epoch seconds or ISO-8601 text)");
    }

    /** ISO-8601 with {@code Z} or an offset, or without one (then UTC); a space may stand for the {@code T}. */
    private static Instant instant(String text, JsonNode original) {
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + "T" + text.substring(11)
                : text;
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new RejectedValue(describe(original) + " is not an ISO-8601 timestamp"
                        + " (e.g. \"2024-05-01T12:00:00Z\") nor epoch seconds");
            }
        }
    }

    /** The value as JSON, shortened for messages. */
    public static String describe(JsonNode value) {
        return abbreviate(value.toString());
    }

    /** At most 60 characters, for messages. */
    public static String abbreviate(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "…";
    }
}
