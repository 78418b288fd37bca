package com.danubemessaging.connect.operator.dependent;

import com.danubemessaging.connect.operator.model.DanubeSinkConnector;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** ConfigMap of a {@link DanubeSinkConnector}. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.SINK))
public class SinkConfigMapDependent extends ConnectorConfigMapDependent<DanubeSinkConnector> {
}
