package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;

/** Observed state of a Danube connector, written by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectorStatus {

    @JsonPropertyDescription("metadata.generation of the spec this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Standard conditions: Ready (pods running and ready), SpecValid (the spec can be rendered; its message says how to fix it when not). Progress of a rollout shows in phase (Pending, Degraded) and in Ready's reason.")
    private List<Condition> conditions;

    @JsonPropertyDescription("Pending, Running, Degraded, Failed or Paused.")
    private ConnectorPhase phase;

    @JsonPropertyDescription("Runtime connector id the pods run (DANUBE_CONNECTOR).")
    private String connector;

    @JsonPropertyDescription("Number of connector pods that exist (scale subresource).")
    @StatusReplicas
    private Integer replicas;

    @JsonPropertyDescription("Number of connector pods that are ready.")
    private Integer readyReplicas;

    @JsonPropertyDescription("Label selector of the connector pods (scale subresource, HPA).")
    @LabelSelector
    private String selector;

    @JsonPropertyDescription("Hash of the rendered connector.toml and of the referenced Secrets' data; the pods carry it as an annotation.")
    private String configHash;

    @JsonPropertyDescription("Sum of the container restart counts of the connector pods.")
    private Integer restartCount;

    @JsonPropertyDescription("The last failure read from the pods: container termination message, reason, exit code and restart count.")
    private FailureInfo lastFailure;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public ConnectorPhase getPhase() {
        return phase;
    }

    public void setPhase(ConnectorPhase phase) {
        this.phase = phase;
    }

    public String getConnector() {
        return connector;
    }

    public void setConnector(String connector) {
        this.connector = connector;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public String getSelector() {
        return selector;
    }

    public void setSelector(String selector) {
        this.selector = selector;
    }

    public String getConfigHash() {
        return configHash;
    }

    public void setConfigHash(String configHash) {
        this.configHash = configHash;
    }

    public Integer getRestartCount() {
        return restartCount;
    }

    public void setRestartCount(Integer restartCount) {
        this.restartCount = restartCount;
    }

    public FailureInfo getLastFailure() {
        return lastFailure;
    }

    public void setLastFailure(FailureInfo lastFailure) {
        this.lastFailure = lastFailure;
    }
}
