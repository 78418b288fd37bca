package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A failure of a connector container, read from its last termination state. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailureInfo {

    @JsonPropertyDescription("Pod the failure happened in.")
    private String pod;

    @JsonPropertyDescription("Termination or waiting reason, e.g. Error, OOMKilled, CrashLoopBackOff.")
    private String reason;

    @JsonPropertyDescription("Termination message the runtime wrote to /dev/termination-log (or the tail of the log).")
    private String message;

    @JsonPropertyDescription("Exit code of the terminated container.")
    private Integer exitCode;

    @JsonPropertyDescription("Restart count of the container.")
    private Integer restartCount;

    @JsonPropertyDescription("When the container terminated (RFC 3339).")
    private String finishedAt;

    public String getPod() {
        return pod;
    }

    public void setPod(String pod) {
        this.pod = pod;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Integer getExitCode() {
        return exitCode;
    }

    public void setExitCode(Integer exitCode) {
        this.exitCode = exitCode;
    }

    public Integer getRestartCount() {
        return restartCount;
    }

    public void setRestartCount(Integer restartCount) {
        this.restartCount = restartCount;
    }

    public String getFinishedAt() {
        return finishedAt;
    }

    public void setFinishedAt(String finishedAt) {
        this.finishedAt = finishedAt;
    }
}
