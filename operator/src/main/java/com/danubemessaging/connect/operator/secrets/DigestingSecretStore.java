package com.danubemessaging.connect.operator.secrets;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

/**
 * Informer store for Secrets that keeps, per Secret, only its identity and one SHA-256 per key (as annotations).
 * Values, labels, managed fields and the rest are dropped before anything is cached, so the operator's Secret cache
 * holds no secret material and stays small even in namespaces with many large Secrets.
 */
public class DigestingSecretStore implements ItemStore<Secret> {

    private final Map<String, Secret> items = new ConcurrentHashMap<>();

    @Override
    public String getKey(Secret secret) {
        return Cache.metaNamespaceKeyFunc(secret);
    }

    @Override
    public Secret put(String key, Secret secret) {
        return items.put(key, strip(secret));
    }

    @Override
    public Secret remove(String key) {
        return items.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<Secret> values() {
        return items.values().stream();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public Secret get(String key) {
        return items.get(key);
    }

    /** The stripped copy that the store keeps. */
    static Secret strip(Secret secret) {
        if (isStripped(secret)) {
            return secret;
        }
        SecretDigest digest = SecretDigest.of(secret);
        Map<String, String> annotations = new HashMap<>();
        digest.valueDigests().forEach((k, v) -> annotations.put(SecretDigest.DIGEST_ANNOTATION_PREFIX + k, v));
        annotations.put(STRIPPED_MARKER, "true");
        ObjectMeta source = secret.getMetadata();
        return new SecretBuilder()
                .withApiVersion(secret.getApiVersion())
                .withKind(secret.getKind())
                .withType(secret.getType())
                .withMetadata(new ObjectMetaBuilder()
                        .withName(source.getName())
                        .withNamespace(source.getNamespace())
                        .withUid(source.getUid())
                        .withResourceVersion(source.getResourceVersion())
                        .withGeneration(source.getGeneration())
                        .withCreationTimestamp(source.getCreationTimestamp())
                        .withDeletionTimestamp(source.getDeletionTimestamp())
                        .withAnnotations(annotations)
                        .build())
                .build();
    }

    static final String STRIPPED_MARKER = "connect.danube-messaging.io/digested";

    private static boolean isStripped(Secret secret) {
        Map<String, String> annotations = secret.getMetadata().getAnnotations();
        return annotations != null && "true".equals(annotations.get(STRIPPED_MARKER));
    }
}
