package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;

/** Overrides of the connector container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ContainerTemplateOverrides {

    @JsonPropertyDescription("Container security context; replaces the operator's default (non-root, read-only root filesystem, no privilege escalation, all capabilities dropped).")
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
