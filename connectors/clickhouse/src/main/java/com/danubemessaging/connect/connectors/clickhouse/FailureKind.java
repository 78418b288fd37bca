package com.danubemessaging.connect.connectors.clickhouse;

import java.util.Set;

/**
 * What a failed INSERT means, from ClickHouse's error code. ClickHouse 18.16 answers a value it cannot parse with
 * HTTP 500 (e.g. {@code Code: 27 … Cannot parse input}), so the HTTP status alone would retry bad data forever; the
 * code decides.
 */
enum FailureKind {
    /** The rows themselves are wrong: retrying cannot help, the runtime isolates the bad record. */
    INVALID_DATA,
    /** The table, the login or the permissions are wrong: nothing will succeed until someone fixes it. */
    FATAL,
    /** Network, timeouts, overload, anything else: try again later. */
    RETRYABLE;

    /** Parse and type errors: CANNOT_PARSE_* (6, 26, 27, 38, 41, 72, 376), read after EOF (32, 33), TYPE_MISMATCH
     * (53), ARGUMENT_OUT_OF_BOUND (69), CANNOT_CONVERT_TYPE (70), INCORRECT_DATA (117), TOO_LARGE_STRING_SIZE
     * (131), CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN (349), ILLEGAL_SYNTAX_FOR_DATA_TYPE (377). */
    private static final Set<Integer> DATA_CODES = Set.of(6, 26, 27, 32, 33, 38, 41, 53, 69, 70, 72, 117, 131, 349,
            376, 377);
    /** NO_SUCH_COLUMN_IN_TABLE (16), SYNTAX_ERROR (62), UNKNOWN_TABLE (60), UNKNOWN_DATABASE (81), UNKNOWN_SETTING
     * (115), READONLY (164), UNKNOWN_USER (192), WRONG_PASSWORD (193), REQUIRED_PASSWORD (194),
     * IP_ADDRESS_NOT_ALLOWED (195), ACCESS_DENIED (497), AUTHENTICATION_FAILED (516). */
    private static final Set<Integer> FATAL_CODES = Set.of(16, 60, 62, 81, 115, 164, 192, 193, 194, 195, 497, 516);
    /** UNKNOWN_TABLE. */
    static final int UNKNOWN_TABLE = 60;

    static FailureKind of(ClickHouseCallFailed failure) {
        if (!failure.serverAnswered()) {
            return RETRYABLE;
        }
        if (DATA_CODES.contains(failure.serverCode())) {
            return INVALID_DATA;
        }
        if (FATAL_CODES.contains(failure.serverCode())) {
            return FATAL;
        }
        return RETRYABLE;
    }

    /** Whether the code says the login or the permissions are wrong. */
    static boolean isAccessProblem(int code) {
        return Set.of(164, 192, 193, 194, 195, 497, 516).contains(code);
    }
}
