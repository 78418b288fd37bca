package com.danubemessaging.connect.connectors.http;

/** What one request carries ({@code mode}). */
enum BodyMode {
    /** One request per message; the body is the message payload as it was published. */
    RECORD,
    /** One request per route and batch; the body is a JSON array with one element per message. */
    ARRAY
}
