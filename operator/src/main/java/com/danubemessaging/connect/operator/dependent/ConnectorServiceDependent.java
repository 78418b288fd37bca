package com.danubemessaging.connect.operator.dependent;

import com.danubemessaging.connect.operator.model.DanubeConnector;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * The connector's Service, owned by the CR (JOSDK adds the owner reference, so deleting the CR garbage-collects it).
 * The desired state comes from the reconciler's rendering; one subclass per kind fixes the informer's label selector.
 */
public abstract class ConnectorServiceDependent<P extends DanubeConnector>
        extends CRUDKubernetesDependentResource<Service, P> {

    protected ConnectorServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(P primary, Context<P> context) {
        return new ServiceBuilder(RenderedKey.get(context).service()).build();
    }
}
