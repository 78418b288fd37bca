package com.danubemessaging.connect.operator.config;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.danubemessaging.connect.operator.render.ConnectorRenderer;
import com.danubemessaging.connect.operator.render.RenderSettings;

import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import io.quarkus.runtime.ShutdownEvent;

/** Wires operator config into the renderer and JOSDK (leader election). */
@ApplicationScoped
public class OperatorSetup {

    private static final Logger LOG = Logger.getLogger(OperatorSetup.class);

    /** Set when the application begins to stop, before JOSDK stops the leader elector. */
    private final AtomicBoolean stopping = new AtomicBoolean();

    @Produces
    @Singleton
    ConnectorRenderer renderer(OperatorConfig config) {
        return new ConnectorRenderer(new RenderSettings(config.runtimeImage(), config.builtinConnectors(),
                config.connectorImagePullSecrets().orElse(List.of())));
    }

    /**
     * Leader election with a Lease in the operator's own namespace ({@code POD_NAMESPACE}, set from the downward API
     * by the Helm chart). Only the leader reconciles; the other replicas wait as hot standbys.
     *
     * <p>A leader that loses its Lease while running exits (status 1) so that two replicas never reconcile at once
     * and the restarted pod rejoins the election. JOSDK's own exit-on-stop-leading would also exit when the operator
     * shuts down normally (stopping the elector ends the leadership), calling {@code System.exit} from the shutdown
     * sequence; so the exit is ours and skipped once the application is stopping.
     */
    @Produces
    @Singleton
    ConfigurationServiceCustomizer leaderElection(OperatorConfig config,
            @ConfigProperty(name = "pod.namespace") Optional<String> podNamespace) {
        return new ConfigurationServiceCustomizer() {
            @Override
            public Consumer<ConfigurationServiceOverrider> overrider() {
                return overrider -> {
                    if (config.leaderElection().enabled()) {
                        LOG.infof("Leader election on: lease %s in namespace %s", config.leaderElection().leaseName(),
                                podNamespace.orElse("(the client's namespace)"));
                        overrider.withLeaderElectionConfiguration(leaseConfiguration(config.leaderElection()
                                .leaseName(), podNamespace.orElse(null)));
                    } else {
                        LOG.info("Leader election off (danube.operator.leader-election.enabled=false)");
                    }
                };
            }
        };
    }

    /**
     * JOSDK's defaults for the timings; its builder refuses exitOnStopLeading=false outside tests, and the
     * constructor it deprecates (to be made package-private) is the one way to set our own exit.
     */
    @SuppressWarnings("deprecation")
    private LeaderElectionConfiguration leaseConfiguration(String leaseName, String leaseNamespace) {
        return new LeaderElectionConfiguration(leaseName, leaseNamespace,
                LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, null,
                new LeaderCallbacks(() -> { }, this::lostLease, leader -> { }), false);
    }

    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        stopping.set(true);
    }

    private void lostLease() {
        if (stopping.get()) {
            LOG.info("Leadership released: the operator is stopping");
            return;
        }
        LOG.error("Lost the leader election Lease: exiting so that no two replicas reconcile at once");
        System.exit(1);
    }
}
