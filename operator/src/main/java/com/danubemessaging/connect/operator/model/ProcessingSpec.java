package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** The [processing] table of connector.toml; unset fields keep the runtime defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProcessingSpec {

    @JsonPropertyDescription("batch_size: records per sink batch (runtime default 1000).")
    @Min(1)
    private Integer batchSize;

    @JsonPropertyDescription("batch_timeout_ms: flush a partial batch after this many milliseconds (runtime default 1000).")
    @Min(1)
    private Long batchTimeoutMs;

    @JsonPropertyDescription("poll_interval_ms: source poll interval in milliseconds (runtime default 100).")
    @Min(0)
    private Long pollIntervalMs;

    @JsonPropertyDescription("log_level of the runtime: trace, debug, info, warn, error or off (runtime default info).")
    private String logLevel;

    @JsonPropertyDescription("health_check_interval_ms: connector health check interval in milliseconds (runtime default 30000).")
    @Min(1)
    private Long healthCheckIntervalMs;

    @JsonPropertyDescription("health_check_failure_threshold: consecutive failed health checks before the runtime stops (runtime default 3).")
    @Min(1)
    private Integer healthCheckFailureThreshold;

    @JsonPropertyDescription("dead_letter_topic: /namespace/topic that receives records the connector reports as invalid data, with the reason in attributes (runtime default: none, invalid records are counted, logged and skipped).")
    @Pattern("^/[A-Za-z0-9_-]+/[A-Za-z0-9_-]+$")
    private String deadLetterTopic;

    @JsonPropertyDescription("max_in_flight: sends a source keeps in flight per partition (1 to 10000, runtime default 1). 1 keeps strict per-partition order; a larger window trades that order for throughput.")
    @Min(1)
    @Max(10000)
    private Integer maxInFlight;

    public Integer getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(Integer batchSize) {
        this.batchSize = batchSize;
    }

    public Long getBatchTimeoutMs() {
        return batchTimeoutMs;
    }

    public void setBatchTimeoutMs(Long batchTimeoutMs) {
        this.batchTimeoutMs = batchTimeoutMs;
    }

    public Long getPollIntervalMs() {
        return pollIntervalMs;
    }

    public void setPollIntervalMs(Long pollIntervalMs) {
        this.pollIntervalMs = pollIntervalMs;
    }

    public String getLogLevel() {
        return logLevel;
    }

    public void setLogLevel(String logLevel) {
        this.logLevel = logLevel;
    }

    public Long getHealthCheckIntervalMs() {
        return healthCheckIntervalMs;
    }

    public void setHealthCheckIntervalMs(Long healthCheckIntervalMs) {
        this.healthCheckIntervalMs = healthCheckIntervalMs;
    }

    public Integer getHealthCheckFailureThreshold() {
        return healthCheckFailureThreshold;
    }

    public void setHealthCheckFailureThreshold(Integer healthCheckFailureThreshold) {
        this.healthCheckFailureThreshold = healthCheckFailureThreshold;
    }

    public String getDeadLetterTopic() {
        return deadLetterTopic;
    }

    public void setDeadLetterTopic(String deadLetterTopic) {
        this.deadLetterTopic = deadLetterTopic;
    }

    public Integer getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(Integer maxInFlight) {
        this.maxInFlight = maxInFlight;
    }
}
