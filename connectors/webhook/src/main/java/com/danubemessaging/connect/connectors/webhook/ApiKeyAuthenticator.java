package com.danubemessaging.connect.connectors.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Function;

/** {@code type = "apikey"}: the request's {@code header} must equal the key, compared in constant time. */
final class ApiKeyAuthenticator implements Authenticator {
    private final String header;
    private final byte[] key;

    ApiKeyAuthenticator(String header, String key) {
        this.header = header;
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String refusal(Function<String, String> headers, byte[] body) {
        String given = headers.apply(header);
        if (given == null) {
            return "missing " + header + " header";
        }
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), key) ? null : "invalid API key";
    }
}
