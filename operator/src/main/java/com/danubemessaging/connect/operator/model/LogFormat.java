package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Log format of the connector runtime (env LOG_FORMAT). */
public enum LogFormat {
    @JsonProperty("text")
    TEXT("text"),
    @JsonProperty("json")
    JSON("json");

    private final String value;

    LogFormat(String value) {
        this.value = value;
    }

    /** The value as written in YAML and passed in LOG_FORMAT. */
    public String value() {
        return value;
    }
}
