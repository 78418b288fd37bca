package com.danubemessaging.connect.operator.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.model.SchemaSpec;

import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;

/**
 * The ConfigMaps a connector spec refers to (schema files, env, envFrom, volumes), with the field that refers to
 * each. The runtime reads all of them at start, so every one enters the config hash.
 */
public final class ConfigMapReferences {

    private static final PodInputReferences.Kind CONFIG_MAP = new PodInputReferences.Kind(InputReference.CONFIG_MAP,
            "configMapKeyRef", source -> source.getConfigMapKeyRef() == null ? null
                    : new PodInputReferences.Ref(source.getConfigMapKeyRef().getName(),
                            source.getConfigMapKeyRef().getKey(), source.getConfigMapKeyRef().getOptional()),
            "configMapRef", from -> from.getConfigMapRef() == null ? null
                    : new PodInputReferences.Ref(from.getConfigMapRef().getName(), null,
                            from.getConfigMapRef().getOptional()),
            "configMap", volume -> {
                ConfigMapVolumeSource configMap = volume.getConfigMap();
                return configMap == null ? null
                        : new PodInputReferences.VolumeRef(configMap.getName(), configMap.getOptional(),
                                configMap.getItems());
            });

    private ConfigMapReferences() {
    }

    public static List<InputReference> of(ConnectorSpec spec) {
        List<InputReference> refs = new ArrayList<>();
        if (spec.getSchemas() != null) {
            for (SchemaSpec s : spec.getSchemas()) {
                if (s.getSchemaConfigMapRef() != null) {
                    refs.add(InputReference.configMap(s.getSchemaConfigMapRef().getName(),
                            s.getSchemaConfigMapRef().getKey(), false,
                            "spec.schemas[" + s.getTopic() + "].schemaConfigMapRef"));
                }
            }
        }
        PodInputReferences.collect(spec, CONFIG_MAP, refs);
        return refs;
    }

    /** Names of all referenced ConfigMaps, sorted. */
    public static Set<String> names(ConnectorSpec spec) {
        return PodInputReferences.names(of(spec));
    }
}
