package com.danubemessaging.connect.connectors.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Dates and timestamps out of JSON values: ISO-8601 text or epoch seconds. */
final class Times {

    private Times() {
    }

    /** {@code "2024-05-01"}, or the UTC day of a timestamp. @throws RejectedValue otherwise */
    static LocalDate date(JsonNode value) {
        if (value.isTextual()) {
            String text = value.textValue().trim();
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException notADay) {
                return instant(text, value).atOffset(ZoneOffset.UTC).toLocalDate();
            }
        }
        throw new RejectedValue(Numbers.describe(value) + " is not a date (expected \"YYYY-MM-DD\")");
    }

    /** Epoch seconds from a number (seconds) or ISO-8601 text. @throws RejectedValue otherwise */
    static long epochSeconds(JsonNode value) {
        if (value.isNumber()) {
            return Numbers.decimal(value, "DateTime").longValue();
        }
        if (value.isTextual()) {
            String text = value.textValue().trim();
            if (text.matches("-?\\d+")) {
                return Long.parseLong(text);
            }
            return instant(text, value).getEpochSecond();
        }
        throw new RejectedValue(Numbers.describe(value) + " is not a timestamp");
    }

    /** ISO-8601 with {@code Z} or an offset, or without one (then UTC); a space may stand for the {@code T}. */
    static Instant instant(String text, JsonNode original) {
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + "T" + text.substring(11)
                : text;
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new RejectedValue(Numbers.describe(original) + " is not an ISO-8601 timestamp"
                        + " (e.g. \"2024-05-01T12:00:00Z\") nor epoch seconds");
            }
        }
    }
}
