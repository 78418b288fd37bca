package com.danubemessaging.connect.operator.dependent;

import com.danubemessaging.connect.operator.model.DanubeConnector;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * The connector's Deployment, owned by the CR (JOSDK adds the owner reference, so deleting the CR garbage-collects it).
 * The desired state comes from the reconciler's rendering; one subclass per kind fixes the informer's label selector.
 */
public abstract class ConnectorDeploymentDependent<P extends DanubeConnector>
        extends CRUDKubernetesDependentResource<Deployment, P> {

    protected ConnectorDeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(P primary, Context<P> context) {
        return new DeploymentBuilder(RenderedKey.get(context).deployment()).build();
    }
}
