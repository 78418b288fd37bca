package com.danubemessaging.connect.operator.reconciler;

import java.util.List;

import jakarta.inject.Inject;

import com.danubemessaging.connect.operator.dependent.SinkConfigMapDependent;
import com.danubemessaging.connect.operator.dependent.SinkDeploymentDependent;
import com.danubemessaging.connect.operator.dependent.SinkServiceDependent;
import com.danubemessaging.connect.operator.dependent.Selectors;
import com.danubemessaging.connect.operator.model.DanubeSinkConnector;
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
 * Reconciles {@link DanubeSinkConnector}s into a ConfigMap, a Deployment and a Service. The workflow is invoked
 * explicitly so that a spec that cannot be rendered leaves the existing objects alone and starts nothing.
 */
// comparableResourceVersions off: with it on, a spec change that lands while our own status patch is in flight was
// occasionally filtered out as "older than our write" on the mock API server, and the change was never reconciled.
@ControllerConfiguration(name = DanubeSinkConnectorReconciler.NAME,
        informer = @Informer(comparableResourceVersions = false))
@Workflow(explicitInvocation = true, dependents = {
    @Dependent(name = "sink-configmap", type = SinkConfigMapDependent.class),
    @Dependent(name = "sink-deployment", type = SinkDeploymentDependent.class),
    @Dependent(name = "sink-service", type = SinkServiceDependent.class)
})
public class DanubeSinkConnectorReconciler implements Reconciler<DanubeSinkConnector> {

    public static final String NAME = "danube-sink-connector";

    private final ConnectorReconciliation<DanubeSinkConnector> reconciliation;

    @Inject
    public DanubeSinkConnectorReconciler(ConnectorRenderer renderer) {
        this.reconciliation = new ConnectorReconciliation<>(renderer, DanubeSinkConnector::new);
    }

    @Override
    public List<EventSource<?, DanubeSinkConnector>> prepareEventSources(
            EventSourceContext<DanubeSinkConnector> context) {
        return reconciliation.eventSources(context, Selectors.SINK);
    }

    @Override
    public UpdateControl<DanubeSinkConnector> reconcile(DanubeSinkConnector resource,
            Context<DanubeSinkConnector> context) {
        return reconciliation.reconcile(resource, context);
    }

    @Override
    public ErrorStatusUpdateControl<DanubeSinkConnector> updateErrorStatus(DanubeSinkConnector resource,
            Context<DanubeSinkConnector> context, Exception e) {
        return reconciliation.updateErrorStatus(resource, e);
    }
}
