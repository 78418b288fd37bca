package com.danubemessaging.connect.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.testkit.SubscriptionFailurePolicy.BackoffStrategy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Pure rules: redelivery delays, policy validation, HS256 tokens against an independent vector. */
class PolicyAndTokenTest {

    /** Made with Python's hmac/hashlib (not this code): secret "interop-secret", exp 2100-01-01. */
    private static final String PYTHON_MADE_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
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
        String tampered = PYTHON_MADE_TOKEN.replace("eyJzdWIiOiJjb25uZWN0b3ItMSIs", "eyJzdWIiOiJjb25uZWN0b3ItMiIs");
        assertThatThrownBy(() -> Hs256Jwt.verify(secret, tampered, now)).hasMessage("bad signature");
        assertThatThrownBy(() -> Hs256Jwt.verify(secret, PYTHON_MADE_TOKEN, 4102444800L + 61))
                .hasMessage("token expired");
        assertThat(Hs256Jwt.verify(secret, PYTHON_MADE_TOKEN, 4102444800L + 59)).isNotNull();
    }

    @Test
    void mintedTokensCarryTheDanubeClaims() throws Exception {
        String token = TestTokens.hs256("s", "svc-a", Duration.ofMinutes(5));
        var claims = Hs256Jwt.verify("s".getBytes(StandardCharsets.UTF_8), token, System.currentTimeMillis() / 1000);
        assertThat(claims.path("sub").asText()).isEqualTo("svc-a");
        assertThat(claims.path("principal_type").asText()).isEqualTo("service_account");
        assertThat(claims.path("exp").asLong() - System.currentTimeMillis() / 1000).isBetween(250L, 300L);
    }
}
