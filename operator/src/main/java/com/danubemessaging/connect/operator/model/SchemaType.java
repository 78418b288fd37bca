package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Schema types the Danube schema registry knows (schema_type in connector.toml). */
public enum SchemaType {
    @JsonProperty("json_schema")
    JSON_SCHEMA("json_schema"),
    @JsonProperty("json")
    JSON("json"),
    @JsonProperty("string")
    STRING("string"),
    @JsonProperty("number")
    NUMBER("number"),
    @JsonProperty("bytes")
    BYTES("bytes"),
    @JsonProperty("avro")
    AVRO("avro"),
    @JsonProperty("protobuf")
    PROTOBUF("protobuf");

    private final String value;

    SchemaType(String value) {
        this.value = value;
    }

    /** The value as written in YAML and TOML. */
    public String value() {
        return value;
    }
}
