package com.danubemessaging.connect.operator.secrets;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

/**
 * Informer store that keeps, per object, only its identity and one SHA-256 per data key (as annotations): values,
 * labels, managed fields and the rest are dropped before anything is cached, so the cache holds no secret material
 * and stays small even in namespaces with many large objects.
 *
 * @param <T> Secret or ConfigMap
 */
public class DigestingStore<T extends HasMetadata> implements ItemStore<T> {

    static final String STRIPPED_MARKER = "connect.danube-messaging.io/digested";

    private final Map<String, T> items = new ConcurrentHashMap<>();
    private final UnaryOperator<T> strip;

    protected DigestingStore(UnaryOperator<T> strip) {
        this.strip = strip;
    }

    @Override
    public String getKey(T object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public T put(String key, T object) {
        return items.put(key, isStripped(object) ? object : strip.apply(object));
    }

    @Override
    public T remove(String key) {
        return items.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return items.values().stream();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public T get(String key) {
        return items.get(key);
    }

    /** The identity of {@code source} with the digests as annotations, marked as stripped. */
    static ObjectMeta strippedMetadata(ObjectMeta source, SecretDigest digest) {
        Map<String, String> annotations = new HashMap<>();
        digest.valueDigests().forEach((k, v) -> annotations.put(SecretDigest.DIGEST_ANNOTATION_PREFIX + k, v));
        annotations.put(STRIPPED_MARKER, "true");
        return new ObjectMetaBuilder()
                .withName(source.getName())
                .withNamespace(source.getNamespace())
                .withUid(source.getUid())
                .withResourceVersion(source.getResourceVersion())
                .withGeneration(source.getGeneration())
                .withCreationTimestamp(source.getCreationTimestamp())
                .withDeletionTimestamp(source.getDeletionTimestamp())
                .withAnnotations(annotations)
                .build();
    }

    static boolean isStripped(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations != null && "true".equals(annotations.get(STRIPPED_MARKER));
    }
}
