package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Prometheus metrics and health endpoint of the connector runtime. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricsSpec {

    @JsonPropertyDescription("Port of /metrics, /health/live and /health/ready (processing.metrics_port); default 9090.")
    @Min(1)
    @Max(65535)
    private Integer port;

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }
}
