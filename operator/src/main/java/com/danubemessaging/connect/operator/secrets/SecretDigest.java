package com.danubemessaging.connect.operator.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * What the operator knows about a Secret (or a referenced ConfigMap): its name, its keys and a SHA-256 per value. The
 * values themselves are never kept, so nothing downstream (render, status, events, logs) can leak them, and a cache
 * of digests stays small however large the objects are.
 *
 * @param name Secret or ConfigMap name
 * @param valueDigests key → hex SHA-256 of the (base64) value, sorted by key
 */
public record SecretDigest(String name, SortedMap<String, String> valueDigests) {

    /** Annotation under which {@link DigestingSecretStore} keeps the digest of each key on its stripped copy. */
    public static final String DIGEST_ANNOTATION_PREFIX = "digest.connect.danube-messaging.io/";

    /** Digest of a Secret as read from the API server (values present). */
    public static SecretDigest of(Secret secret) {
        SortedMap<String, String> digests = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> digests.put(k, sha256(v == null ? "" : v)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> digests.put(k, sha256(v == null ? "" : v)));
        }
        return new SecretDigest(secret.getMetadata().getName(), digests);
    }

    /** Digest of a ConfigMap as read from the API server ({@code data} and {@code binaryData} keys). */
    public static SecretDigest ofConfigMap(ConfigMap configMap) {
        SortedMap<String, String> digests = new TreeMap<>();
        if (configMap.getData() != null) {
            configMap.getData().forEach((k, v) -> digests.put(k, sha256(v == null ? "" : v)));
        }
        if (configMap.getBinaryData() != null) {
            configMap.getBinaryData().forEach((k, v) -> digests.put(k, sha256(v == null ? "" : v)));
        }
        return new SecretDigest(configMap.getMetadata().getName(), digests);
    }

    /** Digest of a Secret stripped by {@link DigestingSecretStore} (values replaced by digests in annotations). */
    public static SecretDigest fromStripped(HasMetadata stripped) {
        SortedMap<String, String> digests = new TreeMap<>();
        Map<String, String> annotations = stripped.getMetadata().getAnnotations();
        if (annotations != null) {
            annotations.forEach((k, v) -> {
                if (k.startsWith(DIGEST_ANNOTATION_PREFIX)) {
                    digests.put(k.substring(DIGEST_ANNOTATION_PREFIX.length()), v);
                }
            });
        }
        return new SecretDigest(stripped.getMetadata().getName(), digests);
    }

    public boolean hasKey(String key) {
        return valueDigests.containsKey(key);
    }

    /** Hex SHA-256 of a string (UTF-8). */
    public static String sha256(String value) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JRE", e);
        }
    }
}
