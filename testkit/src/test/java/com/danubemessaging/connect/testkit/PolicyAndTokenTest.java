package com.danubemessaging.connect.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.testkit.SubscriptionFailurePolicy.BackoffStrategy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure rules: redelivery delays, policy validation, HS256 tokens against an independent vector. */
class PolicyAndTokenTest {

    /**
     * Made with Python's hmac/hashlib (not this code): secret "interop-secret", exp 2100-01-01, the full claim set of
     * upstream's {@code danube-core/src/jwt.rs} {@code Claims} (iss, exp, sub, principal_type, principal_name).
     */
    private static final String PYTHON_MADE_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            + "eyJpc3MiOiJkYW51YmUtYXV0aCIsInN1YiI6ImNvbm5lY3Rvci0xIiwiZXhwIjo0MTAyNDQ0ODAwLCJwcmluY2lwYWxfdHlwZSI6In"
            + "NlcnZpY2VfYWNjb3VudCIsInByaW5jaXBhbF9uYW1lIjoiY29ubmVjdG9yLTEifQ."
            + "y-mOXMiTlDNHE0kKvugQCD7wXohHxntmBY4BXkUluYw";
    /** Also made with Python, same secret, but only sub, exp and principal_type: upstream cannot decode it. */
    private static final String PYTHON_MADE_PARTIAL_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            + "eyJzdWIiOiJjb25uZWN0b3ItMSIsImV4cCI6NDEwMjQ0NDgwMCwicHJpbmNpcGFsX3R5cGUiOiJzZXJ2aWNlX2FjY291bnQifQ."
            + "kn3E7DEyt6pSq1f-5W3Ox7TyYsuXcTCarURQV-lzu2Q";

    @Test
    void defaultsAreTheBrokers() {
        SubscriptionFailurePolicy p = SubscriptionFailurePolicy.defaults();
        assertThat(p.maxRedeliveryCount()).isEqualTo(5);
        assertThat(p.ackTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.baseRedeliveryDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.maxRedeliveryDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.backoffStrategy()).isEqualTo(BackoffStrategy.EXPONENTIAL);
        assertThat(p.poisonPolicy()).isEqualTo(SubscriptionFailurePolicy.PoisonPolicy.BLOCK);
        assertThat(p.deadLetterTopic()).isNull();
    }

    @Test
    void delaysGrowByStrategyAndNackDelayIsMaxOfBothCapped() {
        SubscriptionFailurePolicy p = SubscriptionFailurePolicy.defaults();
        assertThat(p.redeliveryDelayMillis(1)).isEqualTo(1_000);
        assertThat(p.redeliveryDelayMillis(3)).isEqualTo(4_000);
        assertThat(p.redeliveryDelayMillis(10)).isEqualTo(60_000);
        assertThat(p.withBackoffStrategy(BackoffStrategy.LINEAR).redeliveryDelayMillis(3)).isEqualTo(3_000);
        assertThat(p.withBackoffStrategy(BackoffStrategy.FIXED).redeliveryDelayMillis(3)).isEqualTo(1_000);
        assertThat(p.nackDelayMillis(1, 250L)).isEqualTo(1_000);
        assertThat(p.nackDelayMillis(1, 5_000L)).isEqualTo(5_000);
        assertThat(p.nackDelayMillis(1, 600_000L)).isEqualTo(60_000);
        assertThat(p.nackDelayMillis(2, null)).isEqualTo(2_000);
    }

    @Test
    void invalidPoliciesNameTheProblem() {
        SubscriptionFailurePolicy p = SubscriptionFailurePolicy.defaults();
        assertThatThrownBy(() -> p.withPoisonPolicy(SubscriptionFailurePolicy.PoisonPolicy.DEAD_LETTER))
                .hasMessageContaining("needs a deadLetterTopic");
        assertThatThrownBy(() -> p.withDeadLetterTopic("dlq")).hasMessageContaining("/namespace/topic");
        assertThatThrownBy(() -> p.withMaxRedeliveryCount(-1)).hasMessageContaining(">= 0");
    }

    @Test
    void verifiesATokenMadeElsewhereAndRefusesTampering() throws Exception {
        byte[] secret = "interop-secret".getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis() / 1000;
        assertThat(Hs256Jwt.verify(secret, PYTHON_MADE_TOKEN, now).path("sub").asText()).isEqualTo("connector-1");
        assertThatThrownBy(() -> Hs256Jwt.verify("other".getBytes(StandardCharsets.UTF_8), PYTHON_MADE_TOKEN, now))
                .hasMessage("bad signature");
        String[] parts = PYTHON_MADE_TOKEN.split("\\.");
        String otherSubject = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("connector-1", "connector-2");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(otherSubject.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThatThrownBy(() -> Hs256Jwt.verify(secret, tampered, now)).hasMessage("bad signature");
        assertThatThrownBy(() -> Hs256Jwt.verify(secret, PYTHON_MADE_TOKEN, 4102444800L + 61))
                .hasMessage("token expired");
        assertThat(Hs256Jwt.verify(secret, PYTHON_MADE_TOKEN, 4102444800L + 59)).isNotNull();
    }

    /** {@code danube-core/src/jwt.rs}: {@code Claims} has no serde defaults, so every field is required. */
    @Test
    void aTokenWithoutTheFullDanubeClaimSetIsRefused() {
        byte[] secret = "interop-secret".getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis() / 1000;
        assertThatThrownBy(() -> Hs256Jwt.verify(secret, PYTHON_MADE_PARTIAL_TOKEN, now))
                .hasMessage("missing iss claim");
        for (String claim : List.of("iss", "sub", "principal_type", "principal_name", "exp")) {
            Map<String, Object> claims = new LinkedHashMap<>(Map.of("iss", "i", "sub", "s", "principal_type",
                    "user", "principal_name", "s", "exp", now + 60));
            claims.remove(claim);
            String token = Hs256Jwt.sign(secret, claims);
            assertThatThrownBy(() -> Hs256Jwt.verify(secret, token, now)).as(claim)
                    .hasMessage("missing " + claim + " claim");
        }
    }

    @Test
    void mintedTokensCarryTheDanubeClaims() throws Exception {
        String token = TestTokens.hs256("s", "svc-a", Duration.ofMinutes(5));
        var claims = Hs256Jwt.verify("s".getBytes(StandardCharsets.UTF_8), token, System.currentTimeMillis() / 1000);
        assertThat(claims.path("sub").asText()).isEqualTo("svc-a");
        assertThat(claims.path("principal_type").asText()).isEqualTo("service_account");
        assertThat(claims.path("principal_name").asText()).isEqualTo("svc-a");
        assertThat(claims.path("iss").isTextual()).isTrue();
        assertThat(claims.path("exp").asLong() - System.currentTimeMillis() / 1000).isBetween(250L, 300L);
    }
}
