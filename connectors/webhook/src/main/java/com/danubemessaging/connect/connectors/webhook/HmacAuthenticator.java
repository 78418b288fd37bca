package com.danubemessaging.connect.connectors.webhook;

import com.danubemessaging.connect.api.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code type = "hmac"}: the signature header must carry HMAC-SHA256/512 of the raw body under the shared secret,
 * compared in constant time. Accepted header forms:
 * <ul>
 *   <li>{@code <hex>} or {@code <base64>} (Shopify), optionally prefixed {@code sha256=} / {@code sha512=} (GitHub);</li>
 *   <li>{@code t=<unix seconds>,v1=<hex>[,v1=<hex>]} (Stripe): the signed content is {@code <t>.<body>};</li>
 * </ul>
 * With {@code timestamp_header} set, that header carries the Unix time and the signed content is
 * {@code <timestamp>.<body>}. Whenever a timestamp is signed it must lie within {@code timestamp_tolerance_secs} of
 * now, so a captured request cannot be replayed later.
 */
final class HmacAuthenticator implements Authenticator {
    private final String header;
    private final String algorithm;
    private final String javaAlgorithm;
    private final SecretKeySpec key;
    private final String timestampHeader;
    private final long toleranceSecs;
    private final Clock clock;

    HmacAuthenticator(String header, String algorithm, String secret, String timestampHeader, long toleranceSecs,
                      Clock clock) {
        this.header = header;
        this.algorithm = algorithm;
        this.javaAlgorithm = algorithm.equals("sha512") ? "HmacSHA512" : "HmacSHA256";
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), javaAlgorithm);
        this.timestampHeader = timestampHeader;
        this.toleranceSecs = toleranceSecs;
        this.clock = clock;
        mac(); // fails now, not per request, if the JVM lacks the algorithm
    }

    @Override
    public String refusal(Function<String, String> headers, byte[] body) {
        String value = headers.apply(header);
        if (value == null || value.isBlank()) {
            return "missing " + header + " header";
        }
        String timestamp = null;
        List<String> signatures = new ArrayList<>();
        if (isStripeForm(value)) {
            for (String part : value.split(",")) {
                String p = part.trim();
                if (p.startsWith("t=")) {
                    timestamp = p.substring(2);
                } else if (p.startsWith("v1=")) {
                    signatures.add(p.substring(3));
                }
            }
        } else {
            String signature = value.trim();
            int eq = signature.indexOf('=');
            if (eq > 0 && signature.substring(0, eq).toLowerCase(Locale.ROOT).startsWith("sha")) {
                if (!signature.substring(0, eq).equalsIgnoreCase(algorithm)) {
                    return "signature uses " + signature.substring(0, eq) + " but " + algorithm + " is configured";
                }
                signature = signature.substring(eq + 1);
            }
            signatures.add(signature);
        }
        if (timestampHeader != null) {
            timestamp = headers.apply(timestampHeader);
            if (timestamp == null) {
                return "missing " + timestampHeader + " header";
            }
        }
        Mac mac = mac();
        if (timestamp != null) {
            String tooOld = checkTimestamp(timestamp.trim());
            if (tooOld != null) {
                return tooOld;
            }
            mac.update((timestamp.trim() + ".").getBytes(StandardCharsets.UTF_8));
        }
        byte[] expected = mac.doFinal(body);
        for (String signature : signatures) {
            byte[] given = decode(signature.trim(), expected.length);
            if (given != null && MessageDigest.isEqual(given, expected)) {
                return null;
            }
        }
        return "signature does not match the body";
    }

    /** {@code t=...,v1=...}: comma-separated, which a hex or base64 signature never is. */
    private static boolean isStripeForm(String value) {
        if (!value.contains(",")) {
            return false;
        }
        boolean t = false;
        boolean v1 = false;
        for (String part : value.split(",")) {
            t |= part.trim().startsWith("t=");
            v1 |= part.trim().startsWith("v1=");
        }
        return t && v1;
    }

    private String checkTimestamp(String timestamp) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "timestamp is not a number of seconds";
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        return skew > toleranceSecs ? "timestamp is " + skew + " s away from now (tolerance " + toleranceSecs
                + " s)" : null;
    }

    /** The signature's bytes from hex or base64, or null when it is neither (or has the wrong length). */
    private static byte[] decode(String signature, int length) {
        if (signature.length() == 2 * length && signature.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return HexFormat.of().parseHex(signature);
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(signature);
            return bytes.length == length ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(javaAlgorithm);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("auth.algorithm: this JVM cannot compute " + javaAlgorithm + ": "
                    + e.getMessage(), e);
        }
    }
}
