package com.danubemessaging.connect.operator.render;

import java.util.List;

/**
 * Operator-wide settings the rendering depends on.
 *
 * @param runtimeImage image used when a CR does not set {@code spec.image}
 * @param builtinConnectors runtime ids of the connectors built into the runtime image, e.g. {@code source-mqtt}
 */
public record RenderSettings(String runtimeImage, List<String> builtinConnectors) {

    public RenderSettings {
        builtinConnectors = List.copyOf(builtinConnectors);
    }
}
