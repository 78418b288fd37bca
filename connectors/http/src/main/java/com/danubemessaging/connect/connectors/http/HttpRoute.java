package com.danubemessaging.connect.connectors.http;

import com.danubemessaging.connect.api.SinkRoute;
import java.net.URI;
import java.util.Map;

/**
 * One {@code [[http.routes]]} entry: the messages of {@code from} go to {@code to}.
 *
 * @param danube  the topic and subscription
 * @param to      {@code to}: the endpoint (http or https)
 * @param method  {@code method}: POST, PUT or PATCH
 * @param mode    {@code mode}: one request per message, or one JSON array per batch
 * @param headers the {@code [http] headers} with the route's {@code headers} on top
 */
record HttpRoute(SinkRoute danube, URI to, String method, BodyMode mode, Map<String, String> headers) {

    /** The endpoint as it may be logged: without user info and query string, which can carry credentials. */
    String redactedUrl() {
        return Urls.redact(to);
    }

    /** Never prints the headers: they carry tokens. */
    @Override
    public String toString() {
        return danube.from() + " -> " + method + " " + redactedUrl() + " (" + mode.name().toLowerCase() + ")";
    }
}
