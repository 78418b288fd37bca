package com.danubemessaging.connect.operator.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.danubemessaging.connect.operator.model.ConnectorSpec;

import io.fabric8.kubernetes.api.model.SecretVolumeSource;

/** The Secrets a connector spec refers to, with the field that refers to each. */
public final class SecretReferences {

    private static final PodInputReferences.Kind SECRET = new PodInputReferences.Kind(InputReference.SECRET,
            "secretKeyRef", source -> source.getSecretKeyRef() == null ? null
                    : new PodInputReferences.Ref(source.getSecretKeyRef().getName(),
                            source.getSecretKeyRef().getKey(), source.getSecretKeyRef().getOptional()),
            "secretRef", from -> from.getSecretRef() == null ? null
                    : new PodInputReferences.Ref(from.getSecretRef().getName(), null,
                            from.getSecretRef().getOptional()),
            "secret", volume -> {
                SecretVolumeSource secret = volume.getSecret();
                return secret == null ? null
                        : new PodInputReferences.VolumeRef(secret.getSecretName(), secret.getOptional(),
                                secret.getItems());
            });

    private SecretReferences() {
    }

    public static List<InputReference> of(ConnectorSpec spec) {
        List<InputReference> refs = new ArrayList<>();
        if (spec.getDanube() != null) {
            if (spec.getDanube().getTokenSecretRef() != null) {
                // Mounted as a file that kubelet refreshes in place and the runtime re-reads: no roll on rotation.
                refs.add(new InputReference(InputReference.SECRET, spec.getDanube().getTokenSecretRef().getName(),
                        spec.getDanube().getTokenSecretRef().getKey(), false, "spec.danube.tokenSecretRef", false));
            }
            if (spec.getDanube().getTlsSecretRef() != null) {
                refs.add(InputReference.secret(spec.getDanube().getTlsSecretRef().getName(), "ca.crt", false,
                        "spec.danube.tlsSecretRef"));
            }
        }
        PodInputReferences.collect(spec, SECRET, refs);
        return refs;
    }

    /** Names of all referenced Secrets, sorted. */
    public static Set<String> names(ConnectorSpec spec) {
        return PodInputReferences.names(of(spec));
    }
}
