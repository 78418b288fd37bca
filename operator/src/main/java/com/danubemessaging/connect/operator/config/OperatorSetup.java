package com.danubemessaging.connect.operator.config;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.danubemessaging.connect.operator.render.ConnectorRenderer;
import com.danubemessaging.connect.operator.render.RenderSettings;

import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;

/** Wires operator config into the renderer and JOSDK (leader election). */
@ApplicationScoped
public class OperatorSetup {

    private static final Logger LOG = Logger.getLogger(OperatorSetup.class);

    @Produces
    @Singleton
    ConnectorRenderer renderer(OperatorConfig config) {
        return new ConnectorRenderer(new RenderSettings(config.runtimeImage(), config.builtinConnectors(),
                config.connectorImagePullSecrets().orElse(List.of())));
    }

    /**
     * Leader election with a Lease in the operator's own namespace ({@code POD_NAMESPACE}, set from the downward API
     * by the Helm chart). Only the leader reconciles; the other replicas wait as hot standbys.
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
                        overrider.withLeaderElectionConfiguration(new LeaderElectionConfiguration(
                                config.leaderElection().leaseName(), podNamespace.orElse(null)));
                    } else {
                        LOG.info("Leader election off (danube.operator.leader-election.enabled=false)");
                    }
                };
            }
        };
    }
}
