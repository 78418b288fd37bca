package com.danubemessaging.connect.operator.dependent;

import com.danubemessaging.connect.operator.render.RenderedConnector;

import io.javaoperatorsdk.operator.api.reconciler.Context;

/** Hands the reconciler's rendering to the dependents of the same reconciliation (rendered once, used thrice). */
public final class RenderedKey {

    private static final String KEY = RenderedConnector.class.getName();

    private RenderedKey() {
    }

    public static void put(Context<?> context, RenderedConnector rendered) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, rendered);
    }

    public static RenderedConnector get(Context<?> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, RenderedConnector.class);
    }
}
