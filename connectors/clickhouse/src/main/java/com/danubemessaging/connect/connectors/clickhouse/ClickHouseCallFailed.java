package com.danubemessaging.connect.connectors.clickhouse;

/**
 * A call to ClickHouse failed: either the server answered with an error ({@link #serverCode()} is its
 * {@code Code: N}) or no answer came (network, timeout: {@link #serverCode()} is {@link #NO_SERVER_CODE}).
 */
final class ClickHouseCallFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final int NO_SERVER_CODE = -1;

    private final int serverCode;
    private final int httpStatus;

    ClickHouseCallFailed(String message, int serverCode, int httpStatus, Throwable cause) {
        super(message, cause);
        this.serverCode = serverCode;
        this.httpStatus = httpStatus;
    }

    /** ClickHouse's error code, or {@link #NO_SERVER_CODE} when the server did not answer. */
    int serverCode() {
        return serverCode;
    }

    /** The HTTP status of the answer, 0 when there was none. */
    int httpStatus() {
        return httpStatus;
    }

    boolean serverAnswered() {
        return serverCode != NO_SERVER_CODE;
    }
}
