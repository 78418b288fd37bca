package com.danubemessaging.connect.connectors.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.connectors.common.RejectedValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The per-type rules, one by one; the server-side round trip is in ClickHouseSinkTest. */
class ColumnTypeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String encode(String type, String json) throws Exception {
        return ColumnType.parse(type).encode(JSON.readTree(json)).toString();
    }

    private static void rejects(String type, String json, String reason) {
        assertThatThrownBy(() -> encode(type, json)).isInstanceOf(RejectedValue.class).hasMessage(reason);
    }

    @Test
    void integersAreCheckedAgainstTheirRange() throws Exception {
        assertThat(encode("UInt8", "255")).isEqualTo("255");
        assertThat(encode("UInt8", "true")).isEqualTo("1");
        assertThat(encode("Int64", "\"-9223372036854775808\"")).isEqualTo("-9223372036854775808");
        assertThat(encode("UInt64", "18446744073709551615")).isEqualTo("18446744073709551615");
        assertThat(encode("Int32", "7.0")).isEqualTo("7");
        rejects("UInt8", "256", "256 does not fit UInt8 (0 to 255)");
        rejects("UInt32", "-1", "-1 does not fit UInt32 (0 to 4294967295)");
        rejects("Int16", "1.5", "1.5 is not a whole number, Int16 holds whole numbers only");
        rejects("Int64", "\"ten\"", "\"ten\" is not a number for Int64");
        rejects("Int64", "{\"a\":1}", "{\"a\":1} is not a number for Int64");
    }

    @Test
    void decimalsKeepTheirScaleAndRefuseWhatWouldBeLost() throws Exception {
        assertThat(encode("Decimal(9, 2)", "\"12.5\"")).isEqualTo("12.50");
        assertThat(encode("Decimal64(4)", "1e2")).isEqualTo("100.0000");
        rejects("Decimal(9, 2)", "1.234", "1.234 has 3 decimal places, Decimal(9, 2) holds 2");
        rejects("Decimal(5, 2)", "12345", "12345 needs more than the 5 digits of Decimal(5, 2)");
    }

    @Test
    void timesDatesAndTheRest() throws Exception {
        assertThat(encode("DateTime", "\"2024-01-01 00:00:00\"")).isEqualTo("1704067200");
        assertThat(encode("DateTime('Europe/Berlin')", "\"2024-01-01T01:00:00+01:00\"")).isEqualTo("1704067200");
        assertThat(encode("Date", "\"2024-02-29\"")).isEqualTo("\"2024-02-29\"");
        rejects("DateTime", "-5", "-5 is outside the range of DateTime (1970-01-01 to 2106-02-07 UTC)");
        rejects("Date", "\"2024-02-30\"", "\"2024-02-30\" is not an ISO-8601 timestamp (e.g. \"2024-05-01T12:00:00Z\")"
                + " nor epoch seconds");
        rejects("Date", "\"1969-12-31\"", "1969-12-31 is outside the range of Date (1970-01-01 to 2149-06-06)");
        assertThat(encode("Nullable(String)", "null")).isEqualTo("null");
        assertThat(encode("LowCardinality(String)", "42")).isEqualTo("\"42\"");
        assertThat(encode("Array(Nullable(UInt8))", "[1,null]")).isEqualTo("[1,null]");
        rejects("Array(UInt8)", "[1,null]", "element 1 is null, the array's elements are not Nullable");
        rejects("Array(UInt8)", "[1,300]", "element 1: 300 does not fit UInt8 (0 to 255)");
        rejects("FixedString(2)", "\"äb\"", "\"äb\" is 3 bytes, FixedString(2) holds 2");
        assertThat(encode("Enum8('a b' = 1, 'it\\'s' = 2)", "2")).isEqualTo("\"it's\"");
        rejects("Enum8('a' = 1)", "\"b\"", "\"b\" is not one of [a] of Enum8('a' = 1)");
        rejects("UUID", "\"nope\"", "\"nope\" is not a UUID");
        JsonNode tuple = JSON.readTree("[1,\"x\"]");
        assertThat(ColumnType.parse("Tuple(UInt8, String)").encode(tuple)).isSameAs(tuple);
    }
}
