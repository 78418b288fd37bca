package com.danubemessaging.connect.operator.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

class DigestingSecretStoreTest {

    @Test
    void keepsKeysAndDigestsButNoValues() {
        Secret secret = new SecretBuilder().withNewMetadata().withName("db").withNamespace("ns")
                .withResourceVersion("7").withLabels(Map.of("a", "b")).endMetadata()
                .withData(Map.of("password", "c2VjcmV0LXZhbHVl")).withStringData(Map.of("user", "admin-user"))
                .build();
        DigestingSecretStore store = new DigestingSecretStore();
        store.put(store.getKey(secret), secret);

        Secret kept = store.get("ns/db");
        String json = Serialization.asJson(kept);
        assertThat(json).doesNotContain("c2VjcmV0LXZhbHVl").doesNotContain("admin-user");
        assertThat(kept.getData()).isNullOrEmpty();
        assertThat(kept.getStringData()).isNullOrEmpty();
        assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("7");
        SecretDigest digest = SecretDigest.fromStripped(kept);
        assertThat(digest.valueDigests().keySet()).containsExactly("password", "user");
        assertThat(digest).isEqualTo(SecretDigest.of(secret));
        // Stripping is idempotent (JOSDK may hand the cached copy back).
        assertThat(SecretDigest.fromStripped(DigestingSecretStore.strip(kept))).isEqualTo(digest);
    }

    @Test
    void aChangedValueChangesTheDigest() {
        Secret a = new SecretBuilder().withNewMetadata().withName("t").endMetadata()
                .withData(Map.of("token", "YQ==")).build();
        Secret b = new SecretBuilder().withNewMetadata().withName("t").endMetadata()
                .withData(Map.of("token", "Yg==")).build();
        assertThat(SecretDigest.of(a)).isNotEqualTo(SecretDigest.of(b));
    }
}
