package com.danubemessaging.connect.operator.render;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.model.ConnectorState;
import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.secrets.SecretDigest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

/**
 * Pure rendering: from a connector CR and the digests of the Secrets it references to its ConfigMap, Deployment and
 * Service. No I/O, no clock, so the same input always gives the same objects (pinned by golden-file tests).
 */
public final class ConnectorRenderer {

    public static final String CONFIG_KEY = "connector.toml";
    public static final int DEFAULT_METRICS_PORT = 9090;

    private final RenderSettings settings;

    public ConnectorRenderer(RenderSettings settings) {
        this.settings = settings;
    }

    /**
     * @param secrets digests of the referenced Secrets that exist, by name (missing ones are simply absent)
     * @param configMaps digests of the referenced ConfigMaps that exist, by name
     * @throws InvalidSpecException when the spec cannot be rendered; the message says how to fix it
     */
    public RenderedConnector render(DanubeConnector cr, Map<String, SecretDigest> secrets,
            Map<String, SecretDigest> configMaps) {
        ConnectorSpec spec = cr.getSpec();
        if (spec == null) {
            throw new InvalidSpecException("MissingSpec", "the resource has no spec; see the CRD for the fields");
        }
        SpecChecks.name(cr);
        SpecChecks.danube(spec);
        String connectorId = SpecChecks.connectorId(cr, settings);
        int metricsPort = spec.getMetrics() != null && spec.getMetrics().getPort() != null
                ? spec.getMetrics().getPort() : DEFAULT_METRICS_PORT;
        SpecChecks.ports(spec, metricsPort);
        SpecChecks.env(spec, ContainerEnv.reservedNames(spec));
        SpecChecks.schemas(spec);
        SpecChecks.volumes(spec, DeploymentRenderer.OPERATOR_MOUNT_PATHS);
        List<InputReference> secretRefs = SecretReferences.of(spec);
        List<InputReference> configMapRefs = ConfigMapReferences.of(spec);
        SpecChecks.references(cr.getMetadata().getNamespace(), secretRefs, secrets);
        SpecChecks.references(cr.getMetadata().getNamespace(), configMapRefs, configMaps);

        ConnectorNames names = ConnectorNames.of(cr);
        String toml = ConnectorTomlRenderer.render(cr, metricsPort);
        String configHash = configHash(toml, secretRefs, secrets, configMapRefs, configMaps);
        int replicas = spec.getState() == ConnectorState.PAUSED ? 0
                : spec.getReplicas() == null ? 1 : spec.getReplicas();
        String image = spec.getImage() != null && !spec.getImage().isBlank() ? spec.getImage()
                : settings.runtimeImage();
        SecretDigest tlsSecret = spec.getDanube().getTlsSecretRef() == null ? null
                : secrets.get(spec.getDanube().getTlsSecretRef().getName());

        ConfigMap configMap = new ConfigMapBuilder()
                .withNewMetadata()
                    .withName(names.configMap())
                    .withNamespace(cr.getMetadata().getNamespace())
                    .withLabels(names.labels())
                .endMetadata()
                .withData(Map.of(CONFIG_KEY, toml))
                .build();
        return new RenderedConnector(connectorId, configHash, names.selector(), replicas, configMap,
                DeploymentRenderer.render(cr, names, connectorId, configHash, metricsPort, replicas, image, tlsSecret,
                        settings),
                ServiceRenderer.render(cr, names, metricsPort));
    }

    /**
     * SHA-256 over connector.toml and the key digests of every referenced Secret and ConfigMap whose change must roll
     * the pods (not the Danube token: the runtime re-reads it); first 16 hex digits.
     */
    static String configHash(String toml, List<InputReference> secretRefs, Map<String, SecretDigest> secrets,
            List<InputReference> configMapRefs, Map<String, SecretDigest> configMaps) {
        StringBuilder input = new StringBuilder(toml);
        appendDigests(input, "secret", secretRefs, secrets);
        appendDigests(input, "configmap", configMapRefs, configMaps);
        return SecretDigest.sha256(input.toString()).substring(0, 16);
    }

    private static void appendDigests(StringBuilder input, String label, List<InputReference> refs,
            Map<String, SecretDigest> existing) {
        Map<String, SecretDigest> referenced = new TreeMap<>();
        for (InputReference ref : refs) {
            if (ref.rollsPods()) {
                referenced.put(ref.name(), existing.get(ref.name()));
            }
        }
        referenced.forEach((name, digest) -> {
            input.append("\n#").append(label).append(' ').append(name);
            if (digest == null) {
                input.append(" absent");
            } else {
                digest.valueDigests().forEach((k, v) -> input.append('\n').append(k).append('=').append(v));
            }
        });
    }
}
