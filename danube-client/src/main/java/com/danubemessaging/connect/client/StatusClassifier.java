package com.danubemessaging.connect.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Locale;

/** Sorts gRPC failures into "retry", "re-register" and "give up", and turns them into errors that name the cause. */
final class StatusClassifier {

    private StatusClassifier() {
    }

    /** Codes Danube clients retry with backoff. */
    static boolean isRetryable(Status.Code code) {
        return code == Status.Code.UNAVAILABLE
                || code == Status.Code.DEADLINE_EXCEEDED
                || code == Status.Code.RESOURCE_EXHAUSTED;
    }

    /** Codes meaning the registration (producer id / consumer id) is gone or stale: re-lookup and recreate. */
    static boolean needsReRegistration(Status.Code code) {
        return code == Status.Code.NOT_FOUND
                || code == Status.Code.ABORTED
                || code == Status.Code.FAILED_PRECONDITION
                || code == Status.Code.PERMISSION_DENIED
                || code == Status.Code.CANCELLED;
    }

    static DanubeClientException translate(Throwable error, String operation, String topic, String url,
                                           int attempts) {
        if (error instanceof DanubeClientException dce) {
            return dce;
        }
        Status status = Status.fromThrowable(error);
        String detail = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        String lower = detail.toLowerCase(Locale.ROOT);
        String where = topic == null ? "" : " for topic '" + topic + "'";
        String message = switch (status.getCode()) {
            case INVALID_ARGUMENT -> lower.contains("format")
                    ? "Invalid topic name '" + topic + "': must be /namespace/topic (broker: " + detail + ")"
                    : operation + where + " was rejected as invalid: " + detail;
            case UNAVAILABLE -> lower.contains("namespace")
                    ? "Namespace of topic '" + topic + "' does not exist on the broker (gave up after " + attempts
                    + " attempts): " + detail
                    : "Danube broker at " + url + " is unreachable or unavailable after " + attempts
                    + " attempts (" + operation + where + "): " + detail;
            case DEADLINE_EXCEEDED -> operation + where + " timed out against " + url + " after " + attempts
                    + " attempts: " + detail;
            case FAILED_PRECONDITION -> lower.contains("dispatch")
                    ? "Dispatch strategy mismatch" + where
                    + ": the topic exists with the other reliable/non-reliable setting (broker: " + detail + ")"
                    : operation + where + " failed a broker precondition: " + detail;
            case UNAUTHENTICATED -> "Authentication failed for " + operation + where
                    + ": the token is missing, wrong or expired (broker: " + detail + ")";
            case PERMISSION_DENIED -> "Permission denied for " + operation + where + ": " + detail;
            case NOT_FOUND -> operation + where + ": not found (" + detail + ")";
            case ALREADY_EXISTS -> operation + where + " refused: the name clashes with existing topics (a plain topic"
                    + " cannot share its name with partitions or with topics whose names start with it): " + detail;
            case RESOURCE_EXHAUSTED -> operation + where + ": broker limit reached after " + attempts
                    + " attempts: " + detail;
            default -> operation + where + " failed with " + status.getCode() + ": " + detail;
        };
        return new DanubeClientException(status.getCode(), message, error);
    }
}
