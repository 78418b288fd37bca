package com.danubemessaging.connect.operator.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

/** {@link DigestingStore} for Secrets: the operator's Secret cache holds no secret material. */
public class DigestingSecretStore extends DigestingStore<Secret> {

    public DigestingSecretStore() {
        super(DigestingSecretStore::strip);
    }

    /** The stripped copy that the store keeps. */
    static Secret strip(Secret secret) {
        if (isStripped(secret)) {
            return secret;
        }
        return new SecretBuilder()
                .withApiVersion(secret.getApiVersion())
                .withKind(secret.getKind())
                .withType(secret.getType())
                .withMetadata(strippedMetadata(secret.getMetadata(), SecretDigest.of(secret)))
                .build();
    }
}
