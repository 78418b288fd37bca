package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** One [[schemas]] entry of connector.toml: the schema used for a topic. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.schemaFile) && has(self.schemaConfigMapRef))", message = "set at most one of schemaFile and schemaConfigMapRef")
@ValidationRule(value = "!(has(self.pinnedVersion) && has(self.minimumVersion))", message = "set at most one of pinnedVersion and minimumVersion")
public class SchemaSpec {

    @JsonPropertyDescription("Danube topic, /namespace/topic.")
    @Required
    @Pattern("^/.+")
    private String topic;

    @JsonPropertyDescription("Schema registry subject.")
    @Required
    private String subject;

    @JsonPropertyDescription("schema_type: json_schema, json, string, number, bytes, avro or protobuf.")
    @Required
    private SchemaType schemaType;

    @JsonPropertyDescription("schema_file: path of the schema file inside the pod. Leave empty for string, number and bytes. Exclusive with schemaConfigMapRef.")
    private String schemaFile;

    @JsonPropertyDescription("Take the schema file from this ConfigMap key; the operator mounts it and sets schema_file. Exclusive with schemaFile.")
    private ConfigMapKeyReference schemaConfigMapRef;

    @JsonPropertyDescription("auto_register: register the schema when the subject does not have it (runtime default true).")
    private Boolean autoRegister;

    @JsonPropertyDescription("Pin the schema version (version_strategy = { pinned = N }). Exclusive with minimumVersion; neither means latest.")
    @Min(1)
    private Integer pinnedVersion;

    @JsonPropertyDescription("Require at least this schema version (version_strategy = { minimum = N }). Exclusive with pinnedVersion.")
    @Min(1)
    private Integer minimumVersion;

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    public SchemaType getSchemaType() {
        return schemaType;
    }

    public void setSchemaType(SchemaType schemaType) {
        this.schemaType = schemaType;
    }

    public String getSchemaFile() {
        return schemaFile;
    }

    public void setSchemaFile(String schemaFile) {
        this.schemaFile = schemaFile;
    }

    public ConfigMapKeyReference getSchemaConfigMapRef() {
        return schemaConfigMapRef;
    }

    public void setSchemaConfigMapRef(ConfigMapKeyReference schemaConfigMapRef) {
        this.schemaConfigMapRef = schemaConfigMapRef;
    }

    public Boolean getAutoRegister() {
        return autoRegister;
    }

    public void setAutoRegister(Boolean autoRegister) {
        this.autoRegister = autoRegister;
    }

    public Integer getPinnedVersion() {
        return pinnedVersion;
    }

    public void setPinnedVersion(Integer pinnedVersion) {
        this.pinnedVersion = pinnedVersion;
    }

    public Integer getMinimumVersion() {
        return minimumVersion;
    }

    public void setMinimumVersion(Integer minimumVersion) {
        this.minimumVersion = minimumVersion;
    }
}
