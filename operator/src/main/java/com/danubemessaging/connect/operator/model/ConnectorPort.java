package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** An extra port of the connector container, exposed on the connector's Service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectorPort {

    @JsonPropertyDescription("Port name (IANA_SVC_NAME: lower case letters, digits and single hyphens, at least one letter, at most 15 characters); must not be metrics.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @Size(max = 15)
    @ValidationRule(value = "self.matches('[a-z]') && !self.contains('--')", message = "a port name (IANA_SVC_NAME) needs at least one letter and no consecutive hyphens, e.g. http or web-2")
    private String name;

    @JsonPropertyDescription("Port the connector listens on inside the pod.")
    @Required
    @Min(1)
    @Max(65535)
    private Integer containerPort;

    @JsonPropertyDescription("Port on the Service; defaults to containerPort.")
    @Min(1)
    @Max(65535)
    private Integer servicePort;

    @JsonPropertyDescription("TCP (default), UDP or SCTP.")
    private PortProtocol protocol;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public Integer getContainerPort() {
        return containerPort;
    }

    public void setContainerPort(Integer containerPort) {
        this.containerPort = containerPort;
    }

    public Integer getServicePort() {
        return servicePort;
    }

    public void setServicePort(Integer servicePort) {
        this.servicePort = servicePort;
    }

    public PortProtocol getProtocol() {
        return protocol;
    }

    public void setProtocol(PortProtocol protocol) {
        this.protocol = protocol;
    }
}
