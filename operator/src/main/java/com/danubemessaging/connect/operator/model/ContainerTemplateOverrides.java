package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.SecurityContext;

/** Overrides of the connector container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ContainerTemplateOverrides {

    @JsonPropertyDescription("Container security context; replaces the operator's default (non-root, read-only root filesystem, no privilege escalation, all capabilities dropped).")
    private SecurityContext securityContext;

    public SecurityContext getSecurityContext() {
        return securityContext;
    }

    public void setSecurityContext(SecurityContext securityContext) {
        this.securityContext = securityContext;
    }
}
