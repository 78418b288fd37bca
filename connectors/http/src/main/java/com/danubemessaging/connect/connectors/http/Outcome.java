package com.danubemessaging.connect.connectors.http;

/** How one request ended after its retries. */
sealed interface Outcome {

    /** The endpoint answered 2xx: the messages are delivered. */
    record Accepted(int status) implements Outcome {
    }

    /** A 4xx that retrying cannot fix for these messages (400, 404, 413, 422, …): invalid data. */
    record Rejected(int status, String detail) implements Outcome {
    }

    /** 401, 403 or 407: the credentials are wrong, so every message would fail the same way. */
    record Unauthorized(int status, String detail) implements Outcome {
    }

    /** Still failing after {@code max_retries} retries (5xx, 408, 425, 429, connection error, timeout). */
    record Failed(String detail) implements Outcome {
    }
}
