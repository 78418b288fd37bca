package com.danubemessaging.connect.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Minimal HS256 JWT signing and verification (what Danube's broker accepts with {@code auth.mode: tls}). */
final class Hs256Jwt {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** jsonwebtoken's default validation leeway, which the broker keeps. */
    static final long LEEWAY_SECONDS = 60;
    /**
     * Upstream decodes the payload into {@code danube-core/src/jwt.rs} {@code Claims}, whose fields have no serde
     * defaults: a token without any of them (or without {@code exp}) does not decode and is an "Invalid token".
     */
    static final List<String> REQUIRED_TEXT_CLAIMS = List.of("iss", "sub", "principal_type", "principal_name");

    private Hs256Jwt() {
    }

    static String sign(byte[] secret, Map<String, Object> claims) {
        try {
            String header = ENCODER.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "HS256", "typ", "JWT")));
            String payload = ENCODER.encodeToString(JSON.writeValueAsBytes(claims));
            String signingInput = header + "." + payload;
            return signingInput + "." + ENCODER.encodeToString(mac(secret, signingInput));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("claims cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The token's claims if the signature, algorithm and {@code exp} are valid; else an exception naming why. */
    static JsonNode verify(byte[] secret, String token, long nowEpochSeconds) throws InvalidTokenException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("not a JWS compact token");
        }
        try {
            JsonNode header = JSON.readTree(DECODER.decode(parts[0]));
            if (!"HS256".equals(header.path("alg").asText())) {
                throw new InvalidTokenException("algorithm " + header.path("alg").asText() + " is not HS256");
            }
            byte[] expected = mac(secret, parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, DECODER.decode(parts[2]))) {
                throw new InvalidTokenException("bad signature");
            }
            JsonNode claims = JSON.readTree(DECODER.decode(parts[1]));
            JsonNode exp = claims.get("exp");
            if (exp == null || !exp.isIntegralNumber() || exp.asLong() < 0) {
                throw new InvalidTokenException("missing exp claim");
            }
            for (String claim : REQUIRED_TEXT_CLAIMS) {
                if (!claims.path(claim).isTextual()) {
                    throw new InvalidTokenException("missing " + claim + " claim");
                }
            }
            if (exp.asLong() + LEEWAY_SECONDS < nowEpochSeconds) {
                throw new InvalidTokenException("token expired");
            }
            return claims;
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new InvalidTokenException("malformed token");
        }
    }

    private static byte[] mac(byte[] secret, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Why a token was refused (never includes the token itself). */
    static final class InvalidTokenException extends Exception {
        InvalidTokenException(String reason) {
            super(reason);
        }
    }
}
