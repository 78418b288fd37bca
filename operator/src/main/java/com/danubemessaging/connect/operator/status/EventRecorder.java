package com.danubemessaging.connect.operator.status;

import java.time.Instant;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.danubemessaging.connect.operator.model.DanubeConnector;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Writes Kubernetes Events about a connector (shown by {@code kubectl describe}). Messages come from the status,
 * which never holds secret values. A failure to write an event is logged and ignored: events are best effort.
 */
public final class EventRecorder {

    public static final String COMPONENT = "danube-connect-operator";
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    private EventRecorder() {
    }

    public static void record(KubernetesClient client, DanubeConnector cr, boolean warning, String reason,
            String message) {
        String now = Instant.now().toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                    .withName(cr.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
                    .withNamespace(cr.getMetadata().getNamespace())
                .endMetadata()
                .withNewInvolvedObject()
                    .withApiVersion(cr.getApiVersion())
                    .withKind(cr.getKind())
                    .withName(cr.getMetadata().getName())
                    .withNamespace(cr.getMetadata().getNamespace())
                    .withUid(cr.getMetadata().getUid())
                    .withResourceVersion(cr.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(warning ? "Warning" : "Normal")
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
        try {
            client.v1().events().inNamespace(cr.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.debugf("Could not record event %s for %s/%s: %s", reason, cr.getMetadata().getNamespace(),
                    cr.getMetadata().getName(), e.getMessage());
        }
    }
}
