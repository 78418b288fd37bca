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

    public RenderSettings {
        builtinConnectors = List.copyOf(builtinConnectors);
        connectorImagePullSecrets = List.copyOf(connectorImagePullSecrets);
    }

    public RenderSettings(String runtimeImage, List<String> builtinConnectors) {
        this(runtimeImage, builtinConnectors, List.of());
    }
}
