package com.danubemessaging.connect.operator.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.danubemessaging.connect.operator.model.ConnectorPort;
import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.model.ConnectorVolume;
import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.model.SchemaSpec;
import com.danubemessaging.connect.operator.secrets.SecretDigest;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

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

    /**
     * Volumes of {@code spec.template.pod.volumes} and their mounts: DNS-1123 names that do not reuse the operator's
     * volume names, exactly one source each, and mounts of declared volumes at absolute paths that overlap neither
     * the operator's own mounts nor each other.
     */
    static void volumes(ConnectorSpec spec, List<String> operatorMountPaths) {
        Set<String> declared = new HashSet<>();
        for (ConnectorVolume volume : TemplateParts.volumes(spec)) {
            String name = volume.getName();
            String field = "spec.template.pod.volumes[" + name + "]";
            if (name == null || !KubernetesNames.dns1123Label(name).isEmpty()) {
                throw new InvalidSpecException("InvalidVolume", "spec.template.pod.volumes name '" + name
                        + "' is not a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters)");
            }
            if (DeploymentRenderer.OPERATOR_VOLUMES.contains(name) || name.startsWith(DeploymentRenderer.SCHEMA_VOLUME_PREFIX)) {
                throw new InvalidSpecException("InvalidVolume", field + " uses a name the operator gives its own "
                        + "volumes (" + DeploymentRenderer.OPERATOR_VOLUMES + ", " + DeploymentRenderer.SCHEMA_VOLUME_PREFIX
                        + "*); choose another name");
            }
            if (!declared.add(name)) {
                throw new InvalidSpecException("InvalidVolume", "spec.template.pod.volumes lists '" + name
                        + "' more than once; keep one entry");
            }
            int sources = (volume.getPersistentVolumeClaim() != null ? 1 : 0) + (volume.getConfigMap() != null ? 1 : 0)
                    + (volume.getSecret() != null ? 1 : 0) + (volume.getEmptyDir() != null ? 1 : 0);
            if (sources != 1) {
                throw new InvalidSpecException("InvalidVolume", field + " sets " + sources + " sources; set exactly "
                        + "one of persistentVolumeClaim, configMap, secret or emptyDir");
            }
            if (volume.getPersistentVolumeClaim() != null && isBlank(volume.getPersistentVolumeClaim().getClaimName())
                    || volume.getConfigMap() != null && isBlank(volume.getConfigMap().getName())
                    || volume.getSecret() != null && isBlank(volume.getSecret().getSecretName())) {
                throw new InvalidSpecException("InvalidVolume", field + " needs the name of its source "
                        + "(persistentVolumeClaim.claimName, configMap.name or secret.secretName)");
            }
        }
        List<String> taken = new ArrayList<>(operatorMountPaths);
        for (VolumeMount mount : TemplateParts.volumeMounts(spec)) {
            String path = mount.getMountPath();
            String field = "spec.template.container.volumeMounts[" + mount.getName() + "]";
            if (mount.getName() == null || !declared.contains(mount.getName())) {
                throw new InvalidSpecException("InvalidVolumeMount", field + " names no volume of "
                        + "spec.template.pod.volumes (declared: " + new TreeSet<>(declared) + ")");
            }
            if (path == null || !path.startsWith("/") || path.contains("..")) {
                throw new InvalidSpecException("InvalidVolumeMount", field + " needs an absolute mountPath without "
                        + "'..' (got '" + path + "')");
            }
            String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            for (String other : taken) {
                if (overlaps(normalized, other)) {
                    throw new InvalidSpecException("InvalidVolumeMount", field + " mountPath " + normalized
                            + " overlaps " + other + (operatorMountPaths.contains(other)
                                    ? ", which the operator mounts itself" : ", mounted by another entry")
                            + "; choose a separate directory such as /data/" + mount.getName());
                }
            }
            taken.add(normalized);
        }
    }

    /** Equal, or one is a directory that contains the other. */
    private static boolean overlaps(String a, String b) {
        return a.equals(b) || a.startsWith(b.endsWith("/") ? b : b + "/") || b.startsWith(a.endsWith("/") ? a : a + "/");
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Every non-optional reference must name an existing Secret or ConfigMap (and key). */
    static void references(String namespace, List<InputReference> refs, Map<String, SecretDigest> existing) {
        for (InputReference ref : refs) {
            SecretDigest object = existing.get(ref.name());
            if (ref.optional()) {
                continue;
            }
            if (object == null) {
                throw new InvalidSpecException(ref.kind() + "NotFound", ref.kind() + " '" + ref.name()
                        + "' referenced by " + ref.field() + " does not exist in namespace '" + namespace
                        + "'; create it or fix the reference");
            }
            if (ref.key() != null && !object.hasKey(ref.key())) {
                throw new InvalidSpecException(ref.kind() + "KeyNotFound", ref.kind() + " '" + ref.name()
                        + "' has no key '" + ref.key() + "' (referenced by " + ref.field() + "; it has "
                        + object.valueDigests().keySet() + "); add the key or fix the reference");
            }
        }
    }

    /** Volume names are DNS-1123 labels, unique in the pod (apimachinery's ValidateVolumes). */
    static void podVolumes(List<Volume> volumes) {
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
