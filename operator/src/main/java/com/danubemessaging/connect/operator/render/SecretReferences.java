package com.danubemessaging.connect.operator.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.model.ConnectorVolume;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;

/** The Secrets a connector spec refers to, with the field that refers to each. */
public final class SecretReferences {

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
        if (spec.getEnv() != null) {
            for (EnvVar env : spec.getEnv()) {
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    var ref = env.getValueFrom().getSecretKeyRef();
                    refs.add(InputReference.secret(ref.getName(), ref.getKey(), Boolean.TRUE.equals(ref.getOptional()),
                            "spec.env[" + env.getName() + "].valueFrom.secretKeyRef"));
                }
            }
        }
        if (spec.getEnvFrom() != null) {
            int i = 0;
            for (EnvFromSource from : spec.getEnvFrom()) {
                if (from.getSecretRef() != null) {
                    refs.add(InputReference.secret(from.getSecretRef().getName(), null,
                            Boolean.TRUE.equals(from.getSecretRef().getOptional()),
                            "spec.envFrom[" + i + "].secretRef"));
                }
                i++;
            }
        }
        for (ConnectorVolume volume : TemplateParts.volumes(spec)) {
            SecretVolumeSource secret = volume.getSecret();
            if (secret != null) {
                String field = "spec.template.pod.volumes[" + volume.getName() + "].secret";
                boolean optional = Boolean.TRUE.equals(secret.getOptional());
                refs.add(InputReference.secret(secret.getSecretName(), null, optional, field));
                for (KeyToPath item : secret.getItems() == null ? List.<KeyToPath>of() : secret.getItems()) {
                    refs.add(InputReference.secret(secret.getSecretName(), item.getKey(), optional, field + ".items"));
                }
            }
        }
        return refs;
    }

    /** Names of all referenced Secrets, sorted. */
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
