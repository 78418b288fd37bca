package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Summary of a connector's observed state. */
public enum ConnectorPhase {
    @JsonProperty("Pending")
    PENDING("Pending"),
    @JsonProperty("Running")
    RUNNING("Running"),
    @JsonProperty("Degraded")
    DEGRADED("Degraded"),
    @JsonProperty("Failed")
    FAILED("Failed"),
    @JsonProperty("Paused")
    PAUSED("Paused");

    private final String value;

    ConnectorPhase(String value) {
        this.value = value;
    }

    /** The value as written in YAML and TOML. */
    public String value() {
        return value;
    }
}
