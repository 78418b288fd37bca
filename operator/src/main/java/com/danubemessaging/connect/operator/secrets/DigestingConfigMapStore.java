package com.danubemessaging.connect.operator.secrets;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

/** {@link DigestingStore} for the referenced ConfigMaps: a schema or a large data file costs the cache one digest. */
public class DigestingConfigMapStore extends DigestingStore<ConfigMap> {

    public DigestingConfigMapStore() {
        super(DigestingConfigMapStore::strip);
    }

    /** The stripped copy that the store keeps. */
    static ConfigMap strip(ConfigMap configMap) {
        if (isStripped(configMap)) {
            return configMap;
        }
        return new ConfigMapBuilder()
                .withApiVersion(configMap.getApiVersion())
                .withKind(configMap.getKind())
                .withMetadata(strippedMetadata(configMap.getMetadata(), SecretDigest.ofConfigMap(configMap)))
                .build();
    }
}
