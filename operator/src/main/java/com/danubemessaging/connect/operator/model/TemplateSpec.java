package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Overrides of the generated pod and container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TemplateSpec {

    @JsonPropertyDescription("Pod-level overrides.")
    private PodTemplateOverrides pod;

    @JsonPropertyDescription("Connector container overrides.")
    private ContainerTemplateOverrides container;

    public PodTemplateOverrides getPod() {
        return pod;
    }

    public void setPod(PodTemplateOverrides pod) {
        this.pod = pod;
    }

    public ContainerTemplateOverrides getContainer() {
        return container;
    }

    public void setContainer(ContainerTemplateOverrides container) {
        this.container = container;
    }
}
