package com.danubemessaging.connect.operator.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * Everything rendered from one connector CR.
 *
 * @param connectorId the runtime connector id ({@code DANUBE_CONNECTOR})
 * @param configHash hash of connector.toml and of the referenced Secrets' data
 * @param selector label selector of the pods
 * @param desiredReplicas replicas of the Deployment (0 when paused)
 */
public record RenderedConnector(String connectorId, String configHash, String selector, int desiredReplicas,
        ConfigMap configMap, Deployment deployment, Service service) {
}
