package com.danubemessaging.connect.operator.render;

import java.util.List;

import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.model.ConnectorVolume;

import io.fabric8.kubernetes.api.model.VolumeMount;

/** Null-safe access to the optional parts of {@code spec.template}. */
final class TemplateParts {

    private TemplateParts() {
    }

    static List<ConnectorVolume> volumes(ConnectorSpec spec) {
        if (spec.getTemplate() == null || spec.getTemplate().getPod() == null
                || spec.getTemplate().getPod().getVolumes() == null) {
            return List.of();
        }
        return spec.getTemplate().getPod().getVolumes();
    }

    static List<VolumeMount> volumeMounts(ConnectorSpec spec) {
        if (spec.getTemplate() == null || spec.getTemplate().getContainer() == null
                || spec.getTemplate().getContainer().getVolumeMounts() == null) {
            return List.of();
        }
        return spec.getTemplate().getContainer().getVolumeMounts();
    }
}
