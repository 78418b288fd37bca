package com.danubemessaging.connect.operator.render;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.danubemessaging.connect.operator.model.ConnectorPort;
import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.model.SchemaSpec;
import com.danubemessaging.connect.operator.secrets.SecretDigest;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;

/**
 * Checks that the schema cannot express (or that a mock API server does not enforce), each failing with a message
 * that says how to fix the spec.
 */
final class SpecChecks {

    private SpecChecks() {
    }

    /** Resolves the runtime connector id, rejecting unknown built-ins. */
    static String connectorId(DanubeConnector cr, RenderSettings settings) {
        ConnectorSpec spec = cr.getSpec();
        boolean hasConnector = spec.getConnector() != null && !spec.getConnector().isBlank();
        boolean hasClass = spec.getConnectorClass() != null && !spec.getConnectorClass().isBlank();
        if (hasConnector == hasClass) {
            throw new InvalidSpecException("ConnectorNotChosen", "set exactly one of spec.connector (a built-in "
                    + "connector, one of " + settings.builtinConnectors() + ") or spec.connectorClass (a class in "
                    + "the image of spec.image)");
        }
        if (hasClass) {
            return spec.getConnectorClass();
        }
        String side = cr.side().id();
        String id = spec.getConnector().startsWith(side + "-") ? spec.getConnector() : side + "-" + spec.getConnector();
        if (!settings.builtinConnectors().contains(id)) {
            String otherSide = cr.side().id().equals("source") ? "sink" : "source";
            String hint = settings.builtinConnectors().contains(otherSide + "-" + spec.getConnector())
                    ? "; " + otherSide + "-" + spec.getConnector() + " exists: use the kind Danube"
                            + (otherSide.equals("source") ? "Source" : "Sink") + "Connector"
                    : "; for a connector in your own image set spec.connectorClass and spec.image instead";
            throw new InvalidSpecException("UnknownConnector", "spec.connector '" + spec.getConnector()
                    + "' is not a built-in " + side + " connector (known: " + settings.builtinConnectors() + ")" + hint);
        }
        return id;
    }

    /**
     * The CR name is a DNS-1123 subdomain (the API server checks that), but the Service named after it must be a
     * DNS-1035 label: no dots, a letter first, at most 63 characters.
     */
    static void name(DanubeConnector cr) {
        String name = cr.getMetadata().getName();
        if (name.length() > ConnectorNames.MAX_NAME_LENGTH) {
            throw new InvalidSpecException("NameTooLong", "metadata.name has " + name.length()
                    + " characters; use at most " + ConnectorNames.MAX_NAME_LENGTH
                    + " so the Deployment and Service names stay valid (recreate the resource under a shorter name)");
        }
        String service = ConnectorNames.of(cr).workload();
        List<String> problems = KubernetesNames.dns1035Label(service);
        if (!problems.isEmpty()) {
            throw new InvalidSpecException("InvalidName", "metadata.name '" + name + "' gives the Service name '"
                    + service + "', which is not a valid DNS-1035 label: " + String.join("; ", problems)
                    + "; recreate the resource under a name that starts with a letter and has no dots, e.g. '"
                    + suggestedName(name) + "'");
        }
    }

    private static String suggestedName(String name) {
        String dashed = name.replace('.', '-');
        return Character.isLetter(dashed.charAt(0)) ? dashed : "c-" + dashed;
    }

    static void danube(ConnectorSpec spec) {
        if (spec.getDanube() == null || spec.getDanube().getServiceUrl() == null
                || spec.getDanube().getServiceUrl().isBlank()) {
            throw new InvalidSpecException("MissingServiceUrl",
                    "spec.danube.serviceUrl is required, e.g. http://danube-broker.danube:6650");
        }
    }

    static void env(ConnectorSpec spec, Set<String> reservedNames) {
        if (spec.getEnv() == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (EnvVar env : spec.getEnv()) {
            if (reservedNames.contains(env.getName())) {
                throw new InvalidSpecException("ReservedEnv", "spec.env " + env.getName()
                        + " is set by the operator; remove it (use the matching typed field instead)");
            }
            if (!seen.add(env.getName())) {
                throw new InvalidSpecException("DuplicateEnv", "spec.env lists " + env.getName()
                        + " more than once; keep one entry");
            }
        }
    }

    /**
     * Port names are IANA_SVC_NAMEs, unique in the pod; Service ports are unique per (port, protocol), as
     * apimachinery's ValidateService and validateContainerPorts require. The metrics port (TCP) takes part in both.
     */
    static void ports(ConnectorSpec spec, int metricsPort) {
        List<ConnectorPort> ports = spec.getPorts() == null ? List.of() : spec.getPorts();
        Set<String> names = new HashSet<>(Set.of("metrics"));
        Set<Integer> containerPorts = new HashSet<>(Set.of(metricsPort));
        Map<String, String> servicePorts = new HashMap<>(Map.of(metricsPort + "/TCP", "metrics"));
        for (int i = 0; i < ports.size(); i++) {
            ConnectorPort port = ports.get(i);
            String field = "spec.ports[" + i + "]";
            String name = port.getName() == null ? "" : port.getName();
            List<String> problems = KubernetesNames.portName(name);
            if (!problems.isEmpty()) {
                throw new InvalidSpecException("InvalidPortName", field + ".name '" + name
                        + "' is not a valid port name (IANA_SVC_NAME): " + String.join("; ", problems)
                        + "; use e.g. 'http' or 'web-2'");
            }
            if (!names.add(name)) {
                throw new InvalidSpecException("DuplicatePort", field + ".name '" + name + "' is used twice or "
                        + "clashes with the metrics port's name; choose another name");
            }
            if (port.getContainerPort() == null || !containerPorts.add(port.getContainerPort())) {
                throw new InvalidSpecException("DuplicatePort", field + " '" + name
                        + "' needs a containerPort that differs from the metrics port (" + metricsPort
                        + ") and from the other ports");
            }
            int servicePort = port.getServicePort() != null ? port.getServicePort() : port.getContainerPort();
            String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol().value();
            String clash = servicePorts.putIfAbsent(servicePort + "/" + protocol, name);
            if (clash != null) {
                throw new InvalidSpecException("DuplicatePort", field + " '" + name + "' would expose Service port "
                        + servicePort + "/" + protocol + ", which port '" + clash + "' already uses; set "
                        + field + ".servicePort to a free port");
            }
        }
    }

    static void schemas(ConnectorSpec spec) {
        if (spec.getSchemas() == null) {
            return;
        }
        for (SchemaSpec s : spec.getSchemas()) {
            if (s.getTopic() == null || s.getSubject() == null || s.getSchemaType() == null) {
                throw new InvalidSpecException("InvalidSchema",
                        "every spec.schemas entry needs topic, subject and schemaType");
            }
            if (s.getSchemaFile() != null && s.getSchemaConfigMapRef() != null) {
                throw new InvalidSpecException("InvalidSchema", "spec.schemas[" + s.getTopic()
                        + "] sets both schemaFile and schemaConfigMapRef; keep one");
            }
            if (s.getSchemaConfigMapRef() != null) {
                String configMap = s.getSchemaConfigMapRef().getName() == null ? ""
                        : s.getSchemaConfigMapRef().getName();
                List<String> problems = KubernetesNames.dns1123Subdomain(configMap);
                if (!problems.isEmpty()) {
                    throw new InvalidSpecException("InvalidSchema", "spec.schemas[" + s.getTopic()
                            + "].schemaConfigMapRef.name '" + configMap + "' cannot name a ConfigMap: "
                            + String.join("; ", problems) + "; use the name of an existing ConfigMap");
                }
            }
        }
    }

    /** Every non-optional reference must name an existing Secret (and key). */
    static void secrets(String namespace, List<SecretReferences.Reference> refs, Map<String, SecretDigest> secrets) {
        for (SecretReferences.Reference ref : refs) {
            SecretDigest secret = secrets.get(ref.secretName());
            if (ref.optional()) {
                continue;
            }
            if (secret == null) {
                throw new InvalidSpecException("SecretNotFound", "Secret '" + ref.secretName() + "' referenced by "
                        + ref.field() + " does not exist in namespace '" + namespace
                        + "'; create it or fix the reference");
            }
            if (ref.key() != null && !secret.hasKey(ref.key())) {
                throw new InvalidSpecException("SecretKeyNotFound", "Secret '" + ref.secretName() + "' has no key '"
                        + ref.key() + "' (referenced by " + ref.field() + "; it has " + secret.valueDigests().keySet()
                        + "); add the key or fix the reference");
            }
        }
    }

    /** Volume names are DNS-1123 labels, unique in the pod (apimachinery's ValidateVolumes). */
    static void volumes(List<Volume> volumes) {
        Set<String> seen = new HashSet<>();
        for (Volume volume : volumes) {
            List<String> problems = KubernetesNames.dns1123Label(volume.getName());
            if (!problems.isEmpty()) {
                throw new InvalidSpecException("InvalidVolumeName", "the pod volume '" + volume.getName()
                        + "' is not a valid volume name (DNS-1123 label): " + String.join("; ", problems)
                        + "; rename the volume or the ConfigMap it is derived from");
            }
            if (!seen.add(volume.getName())) {
                throw new InvalidSpecException("DuplicateVolume", "the pod would get two volumes named '"
                        + volume.getName() + "'; rename one of them (names the operator uses: config, tmp, "
                        + "danube-tls, schema-<ConfigMap name>)");
            }
        }
    }
}
