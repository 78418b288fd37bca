package com.danubemessaging.connect.operator.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/** Builds standard conditions, keeping lastTransitionTime when the status of a condition did not change. */
public final class Conditions {

    public static final String READY = "Ready";
    public static final String SPEC_VALID = "SpecValid";

    private Conditions() {
    }

    public static Condition of(String type, boolean status, String reason, String message, long generation) {
        return new ConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason)
                .withMessage(message).withObservedGeneration(generation).build();
    }

    /**
     * @param now RFC 3339 timestamp used for conditions whose status changed
     */
    public static List<Condition> merge(List<Condition> previous, List<Condition> next, String now) {
        List<Condition> merged = new ArrayList<>();
        for (Condition condition : next) {
            Condition old = find(previous, condition.getType());
            condition.setLastTransitionTime(old != null && Objects.equals(old.getStatus(), condition.getStatus())
                    && old.getLastTransitionTime() != null ? old.getLastTransitionTime() : now);
            merged.add(condition);
        }
        return merged;
    }

    public static Condition find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }
}
