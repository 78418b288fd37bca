package com.danubemessaging.connect.operator.reconciler;

import java.util.List;

import jakarta.inject.Inject;

import com.danubemessaging.connect.operator.dependent.SourceConfigMapDependent;
import com.danubemessaging.connect.operator.dependent.SourceDeploymentDependent;
import com.danubemessaging.connect.operator.dependent.SourceServiceDependent;
import com.danubemessaging.connect.operator.dependent.Selectors;
import com.danubemessaging.connect.operator.model.DanubeSourceConnector;
import com.danubemessaging.connect.operator.render.ConnectorRenderer;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

/**
 * Reconciles {@link DanubeSourceConnector}s into a ConfigMap, a Deployment and a Service. The workflow is invoked
 * explicitly so that a spec that cannot be rendered leaves the existing objects alone and starts nothing.
 */
// comparableResourceVersions off: with it on, a spec change that lands while our own status patch is in flight was
// occasionally filtered out as "older than our write" on the mock API server, and the change was never reconciled.
@ControllerConfiguration(name = DanubeSourceConnectorReconciler.NAME,
        informer = @Informer(comparableResourceVersions = false))
@Workflow(explicitInvocation = true, dependents = {
    @Dependent(name = "source-configmap", type = SourceConfigMapDependent.class),
    @Dependent(name = "source-deployment", type = SourceDeploymentDependent.class),
    @Dependent(name = "source-service", type = SourceServiceDependent.class)
})
public class DanubeSourceConnectorReconciler implements Reconciler<DanubeSourceConnector> {

    public static final String NAME = "danube-source-connector";

    private final ConnectorReconciliation<DanubeSourceConnector> reconciliation;

    @Inject
    public DanubeSourceConnectorReconciler(ConnectorRenderer renderer) {
        this.reconciliation = new ConnectorReconciliation<>(renderer, DanubeSourceConnector::new);
    }

    @Override
    public List<EventSource<?, DanubeSourceConnector>> prepareEventSources(
            EventSourceContext<DanubeSourceConnector> context) {
        return reconciliation.eventSources(context, Selectors.SOURCE);
    }

    @Override
    public UpdateControl<DanubeSourceConnector> reconcile(DanubeSourceConnector resource,
            Context<DanubeSourceConnector> context) {
        return reconciliation.reconcile(resource, context);
    }

    @Override
    public ErrorStatusUpdateControl<DanubeSourceConnector> updateErrorStatus(DanubeSourceConnector resource,
            Context<DanubeSourceConnector> context, Exception e) {
        return reconciliation.updateErrorStatus(resource, e);
    }
}
