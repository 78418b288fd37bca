package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The [retry] table of connector.toml; unset fields keep the runtime defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetrySpec {

    @JsonPropertyDescription("max_retries: attempts before a sink batch is given up (runtime default 3).")
    @Min(0)
    @Max(100)
    private Integer maxRetries;

    @JsonPropertyDescription("retry_backoff_ms: first backoff in milliseconds (runtime default 1000).")
    @Min(0)
    private Long retryBackoffMs;

    @JsonPropertyDescription("max_backoff_ms: backoff ceiling in milliseconds (runtime default 30000).")
    @Min(0)
    private Long maxBackoffMs;

    public Integer getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
    }

    public Long getRetryBackoffMs() {
        return retryBackoffMs;
    }

    public void setRetryBackoffMs(Long retryBackoffMs) {
        this.retryBackoffMs = retryBackoffMs;
    }

    public Long getMaxBackoffMs() {
        return maxBackoffMs;
    }

    public void setMaxBackoffMs(Long maxBackoffMs) {
        this.maxBackoffMs = maxBackoffMs;
    }
}
