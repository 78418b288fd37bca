package com.danubemessaging.connect.operator.dependent;

import com.danubemessaging.connect.operator.model.DanubeSourceConnector;

import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Service of a {@link DanubeSourceConnector}. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.SOURCE))
public class SourceServiceDependent extends ConnectorServiceDependent<DanubeSourceConnector> {
}
