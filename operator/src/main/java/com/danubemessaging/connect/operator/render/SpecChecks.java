package com.danubemessaging.connect.operator.render;

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

    static void name(DanubeConnector cr) {
        String name = cr.getMetadata().getName();
        if (name.length() > ConnectorNames.MAX_NAME_LENGTH) {
            throw new InvalidSpecException("NameTooLong", "metadata.name has " + name.length()
                    + " characters; use at most " + ConnectorNames.MAX_NAME_LENGTH
                    + " so the Deployment and Service names stay valid");
        }
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

    static void ports(ConnectorSpec spec, int metricsPort) {
        List<ConnectorPort> ports = spec.getPorts() == null ? List.of() : spec.getPorts();
        Set<String> names = new HashSet<>();
        Set<Integer> numbers = new HashSet<>(Set.of(metricsPort));
        for (ConnectorPort port : ports) {
            if ("metrics".equals(port.getName()) || !names.add(port.getName())) {
                throw new InvalidSpecException("DuplicatePort", "spec.ports name '" + port.getName()
                        + "' is used twice or clashes with the metrics port; choose another name");
            }
            if (port.getContainerPort() == null || !numbers.add(port.getContainerPort())) {
                throw new InvalidSpecException("DuplicatePort", "spec.ports '" + port.getName()
                        + "' needs a containerPort that differs from the metrics port (" + metricsPort
                        + ") and from the other ports");
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
}
