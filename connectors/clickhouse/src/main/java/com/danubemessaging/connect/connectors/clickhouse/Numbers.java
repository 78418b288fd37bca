package com.danubemessaging.connect.connectors.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** Reading numbers out of JSON values for the column rules, and describing values in error messages. */
final class Numbers {
    private static final int SHOWN = 60;

    private Numbers() {
    }

    /** A JSON number, or a string holding one. @throws RejectedValue for anything else */
    static BigDecimal decimal(JsonNode value, String type) {
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

    /** The value as JSON, shortened. */
    static String describe(JsonNode value) {
        return abbreviate(value.toString());
    }

    static String abbreviate(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "…";
    }
}
