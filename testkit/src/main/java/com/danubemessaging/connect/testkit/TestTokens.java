package com.danubemessaging.connect.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Mints HS256 JWTs the way {@code danube-admin security tokens create} does, for tests. */
public final class TestTokens {

    private TestTokens() {
    }

    /**
     * A token for {@code subject} valid for {@code ttl} from now (a negative ttl gives an expired token;
     * note the broker accepts tokens up to 60 s past {@code exp}, as jsonwebtoken's default leeway).
     */
    public static String hs256(String secret, String subject, Duration ttl) {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "danube-testkit");
        claims.put("sub", subject);
        claims.put("iat", now);
        claims.put("exp", now + ttl.toSeconds());
        claims.put("principal_type", "service_account");
        claims.put("principal_name", subject);
        return Hs256Jwt.sign(secret.getBytes(StandardCharsets.UTF_8), claims);
    }
}
