package com.danubemessaging.connect.connectors.webhook;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.connectors.common.PemFiles;
import java.util.function.Function;

/**
 * Decides whether a webhook request may publish. Sees the request's headers and its raw body (HMAC signs the
 * body), and answers with the reason to refuse, or null to accept. Reasons go to the client and the log, so they
 * never contain a secret.
 */
@FunctionalInterface
interface Authenticator {

    /**
     * @param header a request header by name (case-insensitive), or null when absent
     * @param body   the raw request body
     * @return null to accept, else why the request is refused
     */
    String refusal(Function<String, String> header, byte[] body);

    /** The authenticator of an {@code [auth]} table; reads key files now, so a bad one fails at start. */
    static Authenticator of(WebhookSettings.Auth auth) {
        return switch (auth.type()) {
            case NONE -> (header, body) -> null;
            case APIKEY -> new ApiKeyAuthenticator(auth.header(), auth.secret());
            case HMAC -> new HmacAuthenticator(auth.header(), auth.algorithm(), auth.secret(), auth.timestampHeader(),
                    auth.timestampToleranceSecs(), java.time.Clock.systemUTC());
            case JWT -> auth.publicKeyPath() != null
                    ? JwtAuthenticator.withPublicKey(PemFiles.publicKey(auth.publicKeyPath(), "auth.public_key_path"))
                    : JwtAuthenticator.withSecret(auth.secret());
            default -> throw new ConfigurationException("auth.type: unsupported " + auth.type());
        };
    }
}
