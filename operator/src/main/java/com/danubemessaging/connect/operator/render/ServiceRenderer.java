package com.danubemessaging.connect.operator.render;

import java.util.ArrayList;
import java.util.List;

import com.danubemessaging.connect.operator.model.ConnectorPort;
import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.model.PortProtocol;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;

/** Renders the connector's Service: the metrics port plus {@code spec.ports}. */
final class ServiceRenderer {

    private ServiceRenderer() {
    }

    static Service render(DanubeConnector cr, ConnectorNames names, int metricsPort) {
        List<ServicePort> ports = new ArrayList<>();
        ports.add(new ServicePortBuilder().withName("metrics").withPort(metricsPort)
                .withTargetPort(new IntOrString("metrics")).withProtocol("TCP").build());
        if (cr.getSpec().getPorts() != null) {
            for (ConnectorPort p : cr.getSpec().getPorts()) {
                ports.add(new ServicePortBuilder().withName(p.getName())
                        .withPort(p.getServicePort() != null ? p.getServicePort() : p.getContainerPort())
                        .withTargetPort(new IntOrString(p.getName()))
                        .withProtocol(p.getProtocol() == null ? PortProtocol.TCP.value() : p.getProtocol().value())
                        .build());
            }
        }
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(names.workload())
                    .withNamespace(cr.getMetadata().getNamespace())
                    .withLabels(names.labels())
                .endMetadata()
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(names.selectorLabels())
                    .withPorts(ports)
                .endSpec()
                .build();
    }
}
