package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Desired run state of a connector. */
public enum ConnectorState {
    @JsonProperty("running")
    RUNNING("running"),
    @JsonProperty("paused")
    PAUSED("paused");

    private final String value;

    ConnectorState(String value) {
        this.value = value;
    }

    /** The value as written in YAML and TOML. */
    public String value() {
        return value;
    }
}
