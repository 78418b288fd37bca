package com.danubemessaging.connect.operator.dependent;

import com.danubemessaging.connect.operator.model.DanubeConnector;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/**
 * The connector's ConfigMap, owned by the CR (JOSDK adds the owner reference, so deleting the CR garbage-collects it).
 * The desired state comes from the reconciler's rendering; one subclass per kind fixes the informer's label selector.
 */
public abstract class ConnectorConfigMapDependent<P extends DanubeConnector>
        extends CRUDKubernetesDependentResource<ConfigMap, P> {

    protected ConnectorConfigMapDependent() {
        super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(P primary, Context<P> context) {
        return new ConfigMapBuilder(RenderedKey.get(context).configMap()).build();
    }
}
