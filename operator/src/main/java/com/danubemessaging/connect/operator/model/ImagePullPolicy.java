package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Kubernetes image pull policy. */
public enum ImagePullPolicy {
    @JsonProperty("Always")
    ALWAYS("Always"),
    @JsonProperty("IfNotPresent")
    IF_NOT_PRESENT("IfNotPresent"),
    @JsonProperty("Never")
    NEVER("Never");

    private final String value;

    ImagePullPolicy(String value) {
        this.value = value;
    }

    /** The value as written in YAML and TOML. */
    public String value() {
        return value;
    }
}
