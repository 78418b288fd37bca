package com.danubemessaging.connect.operator.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.model.ConnectorVolume;
import com.danubemessaging.connect.operator.model.SchemaSpec;

import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;

/**
 * The ConfigMaps a connector spec refers to (schema files, env, envFrom, volumes), with the field that refers to
 * each. The runtime reads all of them at start, so every one enters the config hash.
 */
public final class ConfigMapReferences {

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
        if (spec.getEnv() != null) {
            for (EnvVar env : spec.getEnv()) {
                if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                    var ref = env.getValueFrom().getConfigMapKeyRef();
                    refs.add(InputReference.configMap(ref.getName(), ref.getKey(),
                            Boolean.TRUE.equals(ref.getOptional()),
                            "spec.env[" + env.getName() + "].valueFrom.configMapKeyRef"));
                }
            }
        }
        if (spec.getEnvFrom() != null) {
            int i = 0;
            for (EnvFromSource from : spec.getEnvFrom()) {
                if (from.getConfigMapRef() != null) {
                    refs.add(InputReference.configMap(from.getConfigMapRef().getName(), null,
                            Boolean.TRUE.equals(from.getConfigMapRef().getOptional()),
                            "spec.envFrom[" + i + "].configMapRef"));
                }
                i++;
            }
        }
        for (ConnectorVolume volume : TemplateParts.volumes(spec)) {
            ConfigMapVolumeSource configMap = volume.getConfigMap();
            if (configMap != null) {
                String field = "spec.template.pod.volumes[" + volume.getName() + "].configMap";
                boolean optional = Boolean.TRUE.equals(configMap.getOptional());
                refs.add(InputReference.configMap(configMap.getName(), null, optional, field));
                for (KeyToPath item : configMap.getItems() == null ? List.<KeyToPath>of() : configMap.getItems()) {
                    refs.add(InputReference.configMap(configMap.getName(), item.getKey(), optional, field + ".items"));
                }
            }
        }
        return refs;
    }

    /** Names of all referenced ConfigMaps, sorted. */
    public static Set<String> names(ConnectorSpec spec) {
        Set<String> names = new TreeSet<>();
        for (InputReference ref : of(spec)) {
            if (ref.name() != null) {
                names.add(ref.name());
            }
        }
        return names;
    }
}
