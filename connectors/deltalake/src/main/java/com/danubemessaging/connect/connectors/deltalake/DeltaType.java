package com.danubemessaging.connect.connectors.deltalake;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.connectors.common.JsonValues;
import com.danubemessaging.connect.connectors.common.RejectedValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.TimestampType;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code data_type} of the Rust sink-deltalake ({@code Utf8}, {@code Int8}…{@code UInt64}, {@code Float32},
 * {@code Float64}, {@code Boolean}, {@code Timestamp}, {@code Binary}; plus {@code Date} and {@code Decimal(p,s)}):
 * the Delta type of its column and how a JSON value becomes the Java value Delta Kernel writes. Delta has no unsigned
 * integers, so {@code UInt8/16/32} widen to the next signed type and {@code UInt64} becomes {@code decimal(20,0)}.
 *
 * @param name    the configured name, for messages
 * @param delta   the column's Delta type
 * @param convert a non-null JSON value to the value of the column vector; throws {@link RejectedValue}
 */
record DeltaType(String name, DataType delta, Function<JsonNode, Object> convert) {
    private static final Pattern DECIMAL = Pattern.compile("Decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)",
            Pattern.CASE_INSENSITIVE);
    private static final long MICROS_PER_SECOND = 1_000_000L;

    /** @throws ConfigurationException naming {@code key} for an unknown type */
    static DeltaType parse(String dataType, String key) {
        Matcher decimal = DECIMAL.matcher(dataType.trim());
        if (decimal.matches()) {
            int precision = Integer.parseInt(decimal.group(1));
            int scale = Integer.parseInt(decimal.group(2));
            if (precision < 1 || precision > 38 || scale > precision) {
                throw new ConfigurationException(key + ": " + dataType + " needs 1 <= precision <= 38 and"
                        + " scale <= precision");
            }
            return new DeltaType(dataType, new DecimalType(precision, scale),
                    v -> JsonValues.fixedPoint(v, precision, scale, dataType));
        }
        return switch (dataType.trim().toLowerCase(Locale.ROOT)) {
            case "utf8", "string" -> new DeltaType("Utf8", StringType.STRING, JsonValues::text);
            case "int8" -> whole("Int8", ByteType.BYTE, 8, false, BigInteger::byteValue);
            case "int16" -> whole("Int16", ShortType.SHORT, 16, false, BigInteger::shortValue);
            case "int32" -> whole("Int32", IntegerType.INTEGER, 32, false, BigInteger::intValue);
            case "int64" -> whole("Int64", LongType.LONG, 64, false, BigInteger::longValue);
            case "uint8" -> whole("UInt8", ShortType.SHORT, 8, true, BigInteger::shortValue);
            case "uint16" -> whole("UInt16", IntegerType.INTEGER, 16, true, BigInteger::intValue);
            case "uint32" -> whole("UInt32", LongType.LONG, 32, true, BigInteger::longValue);
            case "uint64" -> whole("UInt64", new DecimalType(20, 0), 64, true, java.math.BigDecimal::new);
            case "float32" -> new DeltaType("Float32", FloatType.FLOAT, v -> float32(v));
            case "float64" -> new DeltaType("Float64", DoubleType.DOUBLE,
                    v -> JsonValues.decimal(v, "Float64").doubleValue());
            case "boolean", "bool" -> new DeltaType("Boolean", BooleanType.BOOLEAN, v -> strictBoolean(v));
            case "timestamp" -> new DeltaType("Timestamp", TimestampType.TIMESTAMP, v -> micros(v));
            case "date" -> new DeltaType("Date", DateType.DATE,
                    v -> (int) JsonValues.date(v).toEpochDay());
            case "binary" -> new DeltaType("Binary", BinaryType.BINARY, v -> base64(v));
            default -> throw new ConfigurationException(key + ": unknown data_type \"" + dataType + "\" (expected"
                    + " Utf8, Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64, Float32, Float64, Boolean,"
                    + " Timestamp, Date, Binary or Decimal(p,s))");
        };
    }

    private static DeltaType whole(String name, DataType delta, int bits, boolean unsigned,
                                   Function<BigInteger, Object> narrow) {
        BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.TWO.pow(bits - 1).negate();
        BigInteger max = unsigned ? BigInteger.TWO.pow(bits).subtract(BigInteger.ONE)
                : BigInteger.TWO.pow(bits - 1).subtract(BigInteger.ONE);
        return new DeltaType(name, delta, v -> narrow.apply(JsonValues.wholeNumber(v, min, max, name)));
    }

    private static Object float32(JsonNode value) {
        double d = JsonValues.decimal(value, "Float32").doubleValue();
        if (Math.abs(d) > Float.MAX_VALUE) {
            throw new RejectedValue(value.asText() + " is out of the range of Float32");
        }
        return (float) d;
    }

    /** Only a JSON boolean or its text: a number in a Boolean column is a schema mismatch. */
    private static Object strictBoolean(JsonNode value) {
        if (value.isNumber()) {
            throw new RejectedValue(JsonValues.describe(value) + " is not a boolean");
        }
        return JsonValues.bool(value);
    }

    private static Object micros(JsonNode value) {
        Instant instant = JsonValues.timestamp(value);
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND),
                    instant.getNano() / 1000);
        } catch (ArithmeticException e) {
            throw new RejectedValue(JsonValues.describe(value) + " is out of the range of Timestamp");
        }
    }

    private static Object base64(JsonNode value) {
        if (!value.isTextual()) {
            throw new RejectedValue(JsonValues.describe(value) + " is not a base64 string");
        }
        try {
            return Base64.getDecoder().decode(value.textValue().trim());
        } catch (IllegalArgumentException e) {
            throw new RejectedValue("\"" + JsonValues.abbreviate(value.textValue()) + "\" is not valid base64");
        }
    }
}
