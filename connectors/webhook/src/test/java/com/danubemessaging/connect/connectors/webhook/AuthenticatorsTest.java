package com.danubemessaging.connect.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.connectors.common.PemFiles;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorsTest {
    private static final byte[] BODY = "{\"id\":42}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private static Function<String, String> headers(String... pairs) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i].toLowerCase(), pairs[i + 1]);
        }
        return name -> map.get(name.toLowerCase());
    }

    private static byte[] hmac(String algorithm, String secret, byte[] content) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
        return mac.doFinal(content);
    }

    private static HmacAuthenticator hmacAuth(String algorithm, String timestampHeader) {
        return new HmacAuthenticator("x-sig", algorithm, "s3cr3t", timestampHeader, 300,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void hmacAcceptsHexBase64AndPrefixedSignaturesOfTheExactBody() throws Exception {
        byte[] mac = hmac("HmacSHA256", "s3cr3t", BODY);
        HmacAuthenticator auth = hmacAuth("sha256", null);
        assertThat(auth.refusal(headers("x-sig", HexFormat.of().formatHex(mac)), BODY)).isNull();
        assertThat(auth.refusal(headers("x-sig", HexFormat.of().withUpperCase().formatHex(mac)), BODY)).isNull();
        assertThat(auth.refusal(headers("x-sig", Base64.getEncoder().encodeToString(mac)), BODY)).isNull();
        assertThat(auth.refusal(headers("x-sig", "sha256=" + HexFormat.of().formatHex(mac)), BODY)).isNull();
        byte[] other = "{\"id\":43}".getBytes(StandardCharsets.UTF_8);
        assertThat(auth.refusal(headers("x-sig", HexFormat.of().formatHex(mac)), other))
                .isEqualTo("signature does not match the body");
        assertThat(auth.refusal(headers(), BODY)).isEqualTo("missing x-sig header");
        assertThat(auth.refusal(headers("x-sig", "zz"), BODY)).isEqualTo("signature does not match the body");

        byte[] mac512 = hmac("HmacSHA512", "s3cr3t", BODY);
        assertThat(hmacAuth("sha512", null).refusal(headers("x-sig", HexFormat.of().formatHex(mac512)), BODY))
                .isNull();
        assertThat(hmacAuth("sha512", null).refusal(headers("x-sig", HexFormat.of().formatHex(mac)), BODY))
                .isNotNull();
    }

    @Test
    void signedTimestampsAreCheckedAgainstTheTolerance() throws Exception {
        HmacAuthenticator auth = hmacAuth("sha256", null);
        long t = NOW.getEpochSecond() - 100;
        String v1 = HexFormat.of().formatHex(hmac("HmacSHA256", "s3cr3t", (t + "." + new String(BODY,
                StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        assertThat(auth.refusal(headers("x-sig", "t=" + t + ",v1=deadbeef,v1=" + v1), BODY)).isNull();
        long old = NOW.getEpochSecond() - 301;
        String oldV1 = HexFormat.of().formatHex(hmac("HmacSHA256", "s3cr3t", (old + "." + new String(BODY,
                StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        assertThat(auth.refusal(headers("x-sig", "t=" + old + ",v1=" + oldV1), BODY))
                .isEqualTo("timestamp is 301 s away from now (tolerance 300 s)");

        HmacAuthenticator withHeader = hmacAuth("sha256", "x-ts");
        assertThat(withHeader.refusal(headers("x-sig", v1, "x-ts", Long.toString(t)), BODY)).isNull();
        assertThat(withHeader.refusal(headers("x-sig", v1), BODY)).isEqualTo("missing x-ts header");
        assertThat(withHeader.refusal(headers("x-sig", v1, "x-ts", "yesterday"), BODY))
                .isEqualTo("timestamp is not a number of seconds");
    }

    @Test
    void apiKeyComparesTheWholeKey() {
        ApiKeyAuthenticator auth = new ApiKeyAuthenticator("x-api-key", "abc");
        assertThat(auth.refusal(headers("X-Api-Key", "abc"), BODY)).isNull();
        assertThat(auth.refusal(headers("x-api-key", "ab"), BODY)).isEqualTo("invalid API key");
        assertThat(auth.refusal(headers("x-api-key", "abcd"), BODY)).isEqualTo("invalid API key");
        assertThat(auth.refusal(headers(), BODY)).isEqualTo("missing x-api-key header");
    }

    @Test
    void jwtWithAnRsaPublicKeyRefusesHmacTokensSignedWithThatKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path pem = Files.writeString(dir.resolve("jwt.pub"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        JwtAuthenticator auth = JwtAuthenticator.withPublicKey(PemFiles.publicKey(pem.toString(), "auth.public_key_path"));
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("svc")
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build();
        SignedJWT rs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        rs256.sign(new RSASSASigner(keys.getPrivate()));
        assertThat(auth.refusal(headers("authorization", "Bearer " + rs256.serialize()), BODY)).isNull();

        // the classic confusion attack: HS256 "signed" with the public key's bytes
        SignedJWT hs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        hs256.sign(new MACSigner(keys.getPublic().getEncoded()));
        assertThat(auth.refusal(headers("authorization", "Bearer " + hs256.serialize()), BODY))
                .startsWith("invalid JWT");
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes())
                + "." + Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"x\",\"exp\":9999999999}"
                .getBytes()) + ".";
        assertThat(auth.refusal(headers("authorization", "Bearer " + unsigned), BODY)).isNotNull();
        assertThat(auth.refusal(headers("authorization", "Basic abc"), BODY))
                .isEqualTo("Authorization header is not \"Bearer <token>\"");
    }

    @Test
    void rateLimitsRefillAtTheirRateAndTellHowLongToWait() {
        long[] now = {0};
        WebhookSettings.RateLimit platform = new WebhookSettings.RateLimit(2, 3, true, 1);
        WebhookSettings settings = new WebhookSettings(new WebhookSettings.Server("h", 0, 30, 10, null, null),
                null, platform, java.util.List.of(new WebhookSettings.Route("/a", "/d/a", 0, true, null),
                new WebhookSettings.Route("/b", "/d/b", 0, true,
                        new WebhookSettings.RateLimit(1, 1, false, 1))));
        RateLimiter limiter = new RateLimiter(settings, () -> now[0]);
        assertThat(limiter.acquire("/a", "1.1.1.1")).isZero();
        assertThat(limiter.acquire("/a", "1.1.1.1")).as("one per second per IP").isPositive();
        assertThat(limiter.acquire("/a", "2.2.2.2")).isZero();
        assertThat(limiter.acquire("/a", "3.3.3.3")).isZero();
        long wait = limiter.acquire("/a", "4.4.4.4");
        assertThat(wait).as("the shared bucket of 3 is empty; 2/s refills one in 0.5 s").isEqualTo(500_000_000L);
        assertThat(limiter.acquire("/b", null)).as("a route with its own limit").isZero();
        assertThat(limiter.acquire("/b", null)).isEqualTo(1_000_000_000L);
        now[0] += 1_000_000_000L;
        assertThat(limiter.acquire("/a", "1.1.1.1")).isZero();
        assertThat(limiter.acquire("/b", null)).isZero();
    }
}
