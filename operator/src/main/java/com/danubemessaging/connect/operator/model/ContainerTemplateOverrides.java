package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;

/** Overrides of the connector container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ContainerTemplateOverrides {

    @JsonPropertyDescription("Container security context, merged field by field over the operator's secure default (runAsNonRoot, read-only root filesystem, allowPrivilegeEscalation false, capabilities drop ALL, seccomp RuntimeDefault): fields left out keep the default, lists such as capabilities.drop are replaced when given. Weakening a setting below the Pod Security Standards restricted profile takes naming that field explicitly.")
    private SecurityContext securityContext;

    @JsonPropertyDescription("Mounts of the volumes in template.pod.volumes (name, mountPath, subPath, readOnly). Paths must not overlap the operator's own mounts (/etc/danube-connect and /tmp) or each other.")
    private List<VolumeMount> volumeMounts;

    public SecurityContext getSecurityContext() {
        return securityContext;
    }

    public void setSecurityContext(SecurityContext securityContext) {
        this.securityContext = securityContext;
    }

    public List<VolumeMount> getVolumeMounts() {
        return volumeMounts;
    }

    public void setVolumeMounts(List<VolumeMount> volumeMounts) {
        this.volumeMounts = volumeMounts;
    }
}
