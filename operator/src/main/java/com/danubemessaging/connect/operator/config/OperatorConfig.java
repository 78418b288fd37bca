package com.danubemessaging.connect.operator.config;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Operator settings ({@code danube.operator.*}; env {@code DANUBE_OPERATOR_*}, e.g.
 * {@code DANUBE_OPERATOR_RUNTIME_IMAGE}).
 */
@ConfigMapping(prefix = "danube.operator")
public interface OperatorConfig {

    /** Image of the connector runtime used when a CR does not set spec.image. */
    @WithDefault("ghcr.io/danube-messaging/danube-connect-runtime:0.1.0")
    String runtimeImage();

    /**
     * Runtime ids of the connectors built into the runtime image. No default here: application.properties takes it
     * from the root pom's {@code danube.builtin.connectors}, the list the runtime image is built and tested with.
     */
    List<String> builtinConnectors();

    /**
     * Names of docker-registry Secrets added to the imagePullSecrets of every connector pod (env
     * DANUBE_OPERATOR_CONNECTOR_IMAGE_PULL_SECRETS, comma-separated; chart value connectorImagePullSecrets). Each
     * connector's namespace must hold Secrets of these names.
     */
    Optional<List<String>> connectorImagePullSecrets();

    /** Leader election between operator replicas. */
    LeaderElection leaderElection();

    /** Leader election settings. */
    interface LeaderElection {

        /** On by default; the dev and test profiles turn it off. */
        @WithDefault("true")
        boolean enabled();

        /** Name of the Lease object. */
        @WithDefault("danube-connect-operator")
        String leaseName();
    }
}
