package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Protocol of an extra connector port. */
public enum PortProtocol {
    @JsonProperty("TCP")
    TCP("TCP"),
    @JsonProperty("UDP")
    UDP("UDP"),
    @JsonProperty("SCTP")
    SCTP("SCTP");

    private final String value;

    PortProtocol(String value) {
        this.value = value;
    }

    /** The value as written in YAML and TOML. */
    public String value() {
        return value;
    }
}
