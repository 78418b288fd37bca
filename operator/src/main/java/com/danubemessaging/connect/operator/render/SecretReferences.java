package com.danubemessaging.connect.operator.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.danubemessaging.connect.operator.model.ConnectorSpec;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;

/** The Secrets a connector spec refers to, with the field that refers to each. */
public final class SecretReferences {

    /**
     * One reference.
     *
     * @param secretName Secret name
     * @param key required key, or null when the whole Secret is used
     * @param optional true when the pod may start without it ({@code optional: true})
     * @param field the spec field, for error messages
     */
    public record Reference(String secretName, String key, boolean optional, String field) {
    }

    private SecretReferences() {
    }

    public static List<Reference> of(ConnectorSpec spec) {
        List<Reference> refs = new ArrayList<>();
        if (spec.getDanube() != null) {
            if (spec.getDanube().getTokenSecretRef() != null) {
                refs.add(new Reference(spec.getDanube().getTokenSecretRef().getName(),
                        spec.getDanube().getTokenSecretRef().getKey(), false, "spec.danube.tokenSecretRef"));
            }
            if (spec.getDanube().getTlsSecretRef() != null) {
                refs.add(new Reference(spec.getDanube().getTlsSecretRef().getName(), "ca.crt", false,
                        "spec.danube.tlsSecretRef"));
            }
        }
        if (spec.getEnv() != null) {
            for (EnvVar env : spec.getEnv()) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    var ref = env.getValueFrom().getSecretKeyRef();
                    refs.add(new Reference(ref.getName(), ref.getKey(), Boolean.TRUE.equals(ref.getOptional()),
                            "spec.env[" + env.getName() + "].valueFrom.secretKeyRef"));
                }
            }
        }
        if (spec.getEnvFrom() != null) {
            int i = 0;
            for (EnvFromSource from : spec.getEnvFrom()) {
                if (from.getSecretRef() != null) {
                    refs.add(new Reference(from.getSecretRef().getName(), null,
                            Boolean.TRUE.equals(from.getSecretRef().getOptional()),
                            "spec.envFrom[" + i + "].secretRef"));
                }
                i++;
            }
        }
        return refs;
    }

    /** Names of all referenced Secrets, sorted. */
    public static Set<String> names(ConnectorSpec spec) {
        Set<String> names = new TreeSet<>();
        for (Reference ref : of(spec)) {
            if (ref.secretName() != null) {
                names.add(ref.secretName());
            }
        }
        return names;
    }
}
