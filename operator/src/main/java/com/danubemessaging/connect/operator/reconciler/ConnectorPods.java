package com.danubemessaging.connect.operator.reconciler;

import java.util.Set;

import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.render.ConnectorNames;

import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Read-only watch of the connector pods of one side (label-selected, so no cluster-wide pod cache): restarts and
 * termination messages feed the status.
 */
final class ConnectorPods {

    private ConnectorPods() {
    }

    static <P extends DanubeConnector> InformerEventSource<Pod, P> eventSource(EventSourceContext<P> context,
            String labelSelector) {
        var config = InformerEventSourceConfiguration.from(Pod.class, context.getPrimaryResourceClass())
                .withName("connector-pods")
                .withNamespacesInheritedFromController()
                .withLabelSelector(labelSelector)
                .withSecondaryToPrimaryMapper(pod -> {
                    String connector = pod.getMetadata().getLabels() == null ? null
                            : pod.getMetadata().getLabels().get(ConnectorNames.LABEL_CONNECTOR);
                    return connector == null ? Set.of()
                            : Set.of(new ResourceID(connector, pod.getMetadata().getNamespace()));
                })
                .build();
        return new InformerEventSource<>(config, context);
    }
}
