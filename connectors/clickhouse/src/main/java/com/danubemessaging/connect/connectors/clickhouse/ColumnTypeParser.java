package com.danubemessaging.connect.connectors.clickhouse;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a type name of {@code system.columns} ({@code Nullable(Decimal(9, 2))}, …) into a {@link ColumnType}. */
final class ColumnTypeParser {
    private static final Pattern WRAPPED = Pattern.compile("(\\w+)\\((.*)\\)", Pattern.DOTALL);
    private static final Pattern INTEGER = Pattern.compile("(U?)Int(8|16|32|64|128|256)");
    private static final Pattern ENUM_VALUE = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'\\s*=\\s*(-?\\d+)");
    private static final Map<String, Integer> DECIMAL_PRECISION = Map.of("Decimal32", 9, "Decimal64", 18,
            "Decimal128", 38, "Decimal256", 76);

    private ColumnTypeParser() {
    }

    static ColumnType parse(String type) {
        String t = type.trim();
        Matcher wrapped = WRAPPED.matcher(t);
        if (wrapped.matches()) {
            String outer = wrapped.group(1);
            String args = wrapped.group(2).trim();
            switch (outer) {
                case "Nullable":
                    return new ColumnType.Nullable(parse(args));
                case "LowCardinality":
                    return parse(args);
                case "Array":
                    return new ColumnType.Array(parse(args));
                case "FixedString":
                    return new ColumnType.FixedText(Integer.parseInt(args));
                case "DateTime":
                    return new ColumnType.Timestamp();
                case "Decimal": {
                    String[] ps = args.split(",");
                    return new ColumnType.Decimal(t, Integer.parseInt(ps[0].trim()), Integer.parseInt(ps[1].trim()));
                }
                case "Enum8", "Enum16":
                    return enumeration(t, args);
                default:
                    if (DECIMAL_PRECISION.containsKey(outer)) {
                        return new ColumnType.Decimal(t, DECIMAL_PRECISION.get(outer), Integer.parseInt(args));
                    }
                    return new ColumnType.Passthrough(t);
            }
        }
        Matcher integer = INTEGER.matcher(t);
        if (integer.matches()) {
            int bits = Integer.parseInt(integer.group(2));
            boolean unsigned = !integer.group(1).isEmpty();
            BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.TWO.pow(bits - 1).negate();
            BigInteger max = unsigned ? BigInteger.TWO.pow(bits).subtract(BigInteger.ONE)
                    : BigInteger.TWO.pow(bits - 1).subtract(BigInteger.ONE);
            return new ColumnType.Whole(t, min, max);
        }
        return switch (t) {
            case "Float32" -> new ColumnType.Floating(t, Float.MAX_VALUE);
            case "Float64" -> new ColumnType.Floating(t, Double.MAX_VALUE);
            case "String" -> new ColumnType.Text();
            case "Bool", "Boolean" -> new ColumnType.Bool();
            case "UUID" -> new ColumnType.Uuid();
            case "Date" -> new ColumnType.Day(t, LocalDate.of(1970, 1, 1), LocalDate.of(2149, 6, 6));
            case "Date32" -> new ColumnType.Day(t, LocalDate.of(1900, 1, 1), LocalDate.of(2299, 12, 31));
            case "DateTime" -> new ColumnType.Timestamp();
            default -> new ColumnType.Passthrough(t);
        };
    }

    private static ColumnType enumeration(String type, String args) {
        Map<String, Integer> values = new LinkedHashMap<>();
        Matcher m = ENUM_VALUE.matcher(args);
        while (m.find()) {
            values.put(m.group(1).replaceAll("\\\\(.)", "$1"), Integer.parseInt(m.group(2)));
        }
        return values.isEmpty() ? new ColumnType.Passthrough(type) : new ColumnType.Enumeration(type, values);
    }
}
