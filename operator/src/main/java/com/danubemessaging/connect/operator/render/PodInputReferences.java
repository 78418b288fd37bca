package com.danubemessaging.connect.operator.render;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.model.ConnectorVolume;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.KeyToPath;

/**
 * The references of one kind (Secret or ConfigMap) that a spec's env, envFrom and pod volumes make. Both kinds are
 * written the same way in a pod spec, so one walk serves both; {@link SecretReferences} and
 * {@link ConfigMapReferences} add the fields only their kind has.
 */
final class PodInputReferences {

    /** One object reference as a pod spec field writes it. */
    record Ref(String name, String key, Boolean optional) {
    }

    /** A volume source of the kind: the object and the keys it projects. */
    record VolumeRef(String name, Boolean optional, List<KeyToPath> items) {
    }

    /** Where a kind appears in env, envFrom and volumes, and the field names that error messages use. */
    record Kind(String kind, String envField, Function<EnvVarSource, Ref> fromEnv,
            String envFromField, Function<EnvFromSource, Ref> fromEnvFrom,
            String volumeField, Function<ConnectorVolume, VolumeRef> fromVolume) {
    }

    private PodInputReferences() {
    }

    static void collect(ConnectorSpec spec, Kind kind, List<InputReference> refs) {
        if (spec.getEnv() != null) {
            for (EnvVar env : spec.getEnv()) {
                Ref ref = env.getValueFrom() == null ? null : kind.fromEnv().apply(env.getValueFrom());
                if (ref != null) {
                    refs.add(reference(kind, ref.name(), ref.key(), ref.optional(),
                            "spec.env[" + env.getName() + "].valueFrom." + kind.envField()));
                }
            }
        }
        if (spec.getEnvFrom() != null) {
            int i = 0;
            for (EnvFromSource from : spec.getEnvFrom()) {
                Ref ref = kind.fromEnvFrom().apply(from);
                if (ref != null) {
                    refs.add(reference(kind, ref.name(), null, ref.optional(),
                            "spec.envFrom[" + i + "]." + kind.envFromField()));
                }
                i++;
            }
        }
        for (ConnectorVolume volume : TemplateParts.volumes(spec)) {
            VolumeRef source = kind.fromVolume().apply(volume);
            if (source != null) {
                String field = "spec.template.pod.volumes[" + volume.getName() + "]." + kind.volumeField();
                refs.add(reference(kind, source.name(), null, source.optional(), field));
                for (KeyToPath item : source.items() == null ? List.<KeyToPath>of() : source.items()) {
                    refs.add(reference(kind, source.name(), item.getKey(), source.optional(), field + ".items"));
                }
            }
        }
    }

    /** Names of all referenced objects, sorted. */
    static Set<String> names(List<InputReference> refs) {
        Set<String> names = new TreeSet<>();
        for (InputReference ref : refs) {
            if (ref.name() != null) {
                names.add(ref.name());
            }
        }
        return names;
    }

    private static InputReference reference(Kind kind, String name, String key, Boolean optional, String field) {
        return new InputReference(kind.kind(), name, key, Boolean.TRUE.equals(optional), field, true);
    }
}
