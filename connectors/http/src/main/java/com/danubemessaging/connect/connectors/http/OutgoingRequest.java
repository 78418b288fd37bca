package com.danubemessaging.connect.connectors.http;

import com.danubemessaging.connect.api.SinkRecord;
import java.util.List;
import java.util.Map;

/**
 * One request to send: its route, the messages it delivers, its body and the headers it adds to the route's.
 *
 * @param route   where it goes
 * @param records the messages it carries (one in {@code record} mode)
 * @param body    the request body
 * @param headers per-request headers ({@code Content-Type}, {@code X-Danube-*}); the route's own headers win
 */
record OutgoingRequest(HttpRoute route, List<SinkRecord> records, byte[] body, Map<String, String> headers) {

    @Override
    public String toString() {
        return route.method() + " " + route.redactedUrl() + " with " + records.size() + " message(s)";
    }
}
