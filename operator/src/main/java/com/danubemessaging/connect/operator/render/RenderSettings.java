package com.danubemessaging.connect.operator.render;

import java.util.List;

/**
 * Operator-wide settings the rendering depends on.
 *
 * @param runtimeImage image used when a CR does not set {@code spec.image}
 * @param builtinConnectors runtime ids of the connectors built into the runtime image, e.g. {@code source-mqtt}
 * @param connectorImagePullSecrets names of docker-registry Secrets added to every connector pod (each connector's
 *        namespace must hold them)
 */
public record RenderSettings(String runtimeImage, List<String> builtinConnectors,
        List<String> connectorImagePullSecrets) {

    public static final String DEFAULT_RUNTIME_IMAGE = "ghcr.io/danube-messaging/danube-connect-runtime:0.1.0";
    public static final List<String> DEFAULT_BUILTINS = List.of("source-file", "sink-file", "source-mqtt", "source-webhook", "sink-http",
            "sink-jdbc");

    public RenderSettings {
        builtinConnectors = List.copyOf(builtinConnectors);
        connectorImagePullSecrets = List.copyOf(connectorImagePullSecrets);
    }

    public RenderSettings(String runtimeImage, List<String> builtinConnectors) {
        this(runtimeImage, builtinConnectors, List.of());
    }

    public static RenderSettings defaults() {
        return new RenderSettings(DEFAULT_RUNTIME_IMAGE, DEFAULT_BUILTINS);
    }
}
