package com.danubemessaging.connect.operator.reconciler;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.danubemessaging.connect.operator.model.ConnectorPhase;
import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.model.ConnectorStatus;
import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.dependent.RenderedKey;
import com.danubemessaging.connect.operator.render.ConnectorNames;
import com.danubemessaging.connect.operator.render.ConnectorRenderer;
import com.danubemessaging.connect.operator.render.InvalidSpecException;
import com.danubemessaging.connect.operator.render.RenderedConnector;
import com.danubemessaging.connect.operator.secrets.ReferencedConfigMaps;
import com.danubemessaging.connect.operator.secrets.ReferencedSecrets;
import com.danubemessaging.connect.operator.status.Conditions;
import com.danubemessaging.connect.operator.status.EventRecorder;
import com.danubemessaging.connect.operator.status.StartupBlockers;
import com.danubemessaging.connect.operator.status.StatusCalculator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

/**
 * One reconciliation of a connector CR, shared by both kinds: render (a spec that cannot be rendered becomes a
 * condition and touches nothing), apply the dependents, then derive the status from the Deployment and its pods and
 * record events for the transitions.
 */
final class ConnectorReconciliation<P extends DanubeConnector> {

    private static final Logger LOG = Logger.getLogger(ConnectorReconciliation.class);
    private static final int MAX_ERROR_MESSAGE = 512;

    private final ConnectorRenderer renderer;
    private final Supplier<P> newResource;

    ConnectorReconciliation(ConnectorRenderer renderer, Supplier<P> newResource) {
        this.renderer = renderer;
        this.newResource = newResource;
    }

    List<EventSource<?, P>> eventSources(EventSourceContext<P> context, String podSelector) {
        return List.of(ReferencedSecrets.eventSource(context), ReferencedConfigMaps.eventSource(context),
                ConnectorPods.eventSource(context, podSelector));
    }

    UpdateControl<P> reconcile(P cr, Context<P> context) {
        long generation = cr.getMetadata().getGeneration() == null ? 0 : cr.getMetadata().getGeneration();
        ConnectorStatus previous = cr.getStatus();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        ConnectorStatus next;
        try {
            RenderedConnector rendered = renderer.render(cr, ReferencedSecrets.digests(context),
                    ReferencedConfigMaps.digests(context));
            RenderedKey.put(context, rendered);
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow()
                    .throwAggregateExceptionIfErrorsPresent();
            Deployment observed = context.getSecondaryResource(Deployment.class).orElse(null);
            Set<Pod> pods = context.getSecondaryResources(Pod.class);
            next = StatusCalculator.rendered(generation, previous, rendered, observed, pods, now);
        } catch (InvalidSpecException e) {
            LOG.infof("%s %s/%s cannot be rendered (%s): %s", cr.getKind(), cr.getMetadata().getNamespace(),
                    cr.getMetadata().getName(), e.reason(), e.getMessage());
            next = StatusCalculator.invalid(generation, previous, declaredConnector(cr), ConnectorNames.of(cr)
                    .selector(), e.reason(), e.getMessage(), context.getSecondaryResource(Deployment.class)
                            .orElse(null), now);
        }
        recordTransitions(context, cr, previous, next);
        if (sameStatus(previous, next)) {
            return UpdateControl.noUpdate();
        }
        return UpdateControl.patchStatus(withStatus(cr, next));
    }

    ErrorStatusUpdateControl<P> updateErrorStatus(P cr, Exception e) {
        ConnectorStatus status = cr.getStatus() == null ? new ConnectorStatus()
                : Serialization.clone(cr.getStatus());
        long generation = cr.getMetadata().getGeneration() == null ? 0 : cr.getMetadata().getGeneration();
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.length() > MAX_ERROR_MESSAGE) {
            message = message.substring(0, MAX_ERROR_MESSAGE) + "…";
        }
        Condition ready = Conditions.of(Conditions.READY, false, "ReconcileError",
                "the operator could not apply the connector and will retry: " + message, generation);
        List<Condition> others = status.getConditions() == null ? List.of()
                : status.getConditions().stream().filter(c -> !Conditions.READY.equals(c.getType())).toList();
        List<Condition> next = new java.util.ArrayList<>(others);
        next.add(ready);
        status.setConditions(Conditions.merge(status.getConditions(), next,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        return ErrorStatusUpdateControl.patchStatus(withStatus(cr, status));
    }

    private P withStatus(P cr, ConnectorStatus status) {
        P fresh = newResource.get();
        fresh.setMetadata(new ObjectMetaBuilder().withName(cr.getMetadata().getName())
                .withNamespace(cr.getMetadata().getNamespace()).build());
        fresh.setStatus(status);
        return fresh;
    }

    private static String declaredConnector(DanubeConnector cr) {
        ConnectorSpec spec = cr.getSpec();
        if (spec == null) {
            return null;
        }
        if (spec.getConnectorClass() != null) {
            return spec.getConnectorClass();
        }
        return spec.getConnector() == null ? null : cr.side().id() + "-" + spec.getConnector();
    }

    private static boolean sameStatus(ConnectorStatus a, ConnectorStatus b) {
        return a != null && Objects.equals(Serialization.asJson(a), Serialization.asJson(b));
    }

    private static void recordTransitions(Context<?> context, DanubeConnector cr, ConnectorStatus previous,
            ConnectorStatus next) {
        Condition oldSpec = previous == null ? null : Conditions.find(previous.getConditions(), Conditions.SPEC_VALID);
        Condition newSpec = Conditions.find(next.getConditions(), Conditions.SPEC_VALID);
        boolean specChanged = oldSpec == null || !Objects.equals(oldSpec.getStatus(), newSpec.getStatus())
                || !Objects.equals(oldSpec.getMessage(), newSpec.getMessage()) && "False".equals(newSpec.getStatus());
        if (specChanged && "False".equals(newSpec.getStatus())) {
            EventRecorder.record(context.getClient(), cr, true, newSpec.getReason(), newSpec.getMessage());
        }
        String oldHash = previous == null ? null : previous.getConfigHash();
        if (oldHash != null && next.getConfigHash() != null && !oldHash.equals(next.getConfigHash())) {
            EventRecorder.record(context.getClient(), cr, false, "ConfigChanged",
                    "configuration or referenced Secrets/ConfigMaps changed (config hash " + oldHash + " -> "
                            + next.getConfigHash() + "): rolling the pods");
        }
        Condition oldReady = previous == null ? null : Conditions.find(previous.getConditions(), Conditions.READY);
        Condition newReady = Conditions.find(next.getConditions(), Conditions.READY);
        if (newReady != null && StartupBlockers.REASONS.contains(newReady.getReason())
                && (oldReady == null || !newReady.getReason().equals(oldReady.getReason()))) {
            // Why the pods do not start, shown by kubectl describe even when the phase stays the same.
            EventRecorder.record(context.getClient(), cr, true, newReady.getReason(), newReady.getMessage());
        }
        ConnectorPhase oldPhase = previous == null ? null : previous.getPhase();
        if (next.getPhase() != oldPhase) {
            boolean warning = next.getPhase() == ConnectorPhase.FAILED || next.getPhase() == ConnectorPhase.DEGRADED;
            Condition ready = Conditions.find(next.getConditions(), Conditions.READY);
            EventRecorder.record(context.getClient(), cr, warning, next.getPhase().value(),
                    "phase " + (oldPhase == null ? "(none)" : oldPhase.value()) + " -> " + next.getPhase().value()
                            + (ready == null ? "" : ": " + ready.getMessage()));
        }
    }
}
