package com.danubemessaging.connect.connectors.http;

import java.net.URI;

/** Prints endpoints without the parts that may hold secrets. */
final class Urls {

    private Urls() {
    }

    /** {@code scheme://host:port/path}, dropping user info, query and fragment (API keys often live there). */
    static String redact(URI uri) {
        StringBuilder out = new StringBuilder();
        out.append(uri.getScheme()).append("://").append(uri.getHost());
        if (uri.getPort() >= 0) {
            out.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath();
        out.append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            out.append("?…");
        }
        return out.toString();
    }
}
