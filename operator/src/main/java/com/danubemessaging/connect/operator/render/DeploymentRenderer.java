package com.danubemessaging.connect.operator.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.danubemessaging.connect.operator.model.ConnectorPort;
import com.danubemessaging.connect.operator.model.ConnectorSide;
import com.danubemessaging.connect.operator.model.ConnectorSpec;
import com.danubemessaging.connect.operator.model.ConnectorVolume;
import com.danubemessaging.connect.operator.model.ContainerTemplateOverrides;
import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.model.PodTemplateOverrides;
import com.danubemessaging.connect.operator.model.PortProtocol;
import com.danubemessaging.connect.operator.model.SchemaSpec;
import com.danubemessaging.connect.operator.secrets.SecretDigest;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;

/** Renders the connector's Deployment (Contract 1: what the runtime pods receive). */
final class DeploymentRenderer {

    static final String CONTAINER_NAME = "connector";
    static final String CONFIG_HASH_ANNOTATION = "connect.danube-messaging.io/config-hash";
    static final String RESTART_NONCE_ANNOTATION = "connect.danube-messaging.io/restart-nonce";
    /** Volume names the operator uses itself; {@code spec.template.pod.volumes} must not reuse them. */
    static final List<String> OPERATOR_VOLUMES = List.of("config", "tmp", "danube-tls", "danube-token");
    static final String SCHEMA_VOLUME_PREFIX = "schema-";
    /** Paths the operator mounts (or may mount) itself; user mounts must not overlap them. */
    static final List<String> OPERATOR_MOUNT_PATHS = List.of(ContainerEnv.CONFIG_PATH, ContainerEnv.TLS_DIR,
            ContainerEnv.TOKEN_DIR, ConnectorTomlRenderer.SCHEMA_DIR, "/tmp");

    private DeploymentRenderer() {
    }

    static Deployment render(DanubeConnector cr, ConnectorNames names, String connectorId, String configHash,
            int metricsPort, int replicas, String image, SecretDigest tlsSecret, RenderSettings settings) {
        ConnectorSpec spec = cr.getSpec();
        PodTemplateOverrides pod = spec.getTemplate() == null || spec.getTemplate().getPod() == null
                ? new PodTemplateOverrides() : spec.getTemplate().getPod();
        ContainerTemplateOverrides container = spec.getTemplate() == null
                || spec.getTemplate().getContainer() == null ? new ContainerTemplateOverrides()
                        : spec.getTemplate().getContainer();

        Map<String, String> podLabels = new TreeMap<>(pod.getLabels() == null ? Map.of() : pod.getLabels());
        podLabels.putAll(names.labels());
        Map<String, String> podAnnotations = new TreeMap<>(
                pod.getAnnotations() == null ? Map.of() : pod.getAnnotations());
        podAnnotations.put("prometheus.io/scrape", "true");
        podAnnotations.put("prometheus.io/port", Integer.toString(metricsPort));
        podAnnotations.put("prometheus.io/path", "/metrics");
        podAnnotations.put(CONFIG_HASH_ANNOTATION, configHash);
        if (spec.getRestartNonce() != null && !spec.getRestartNonce().isEmpty()) {
            podAnnotations.put(RESTART_NONCE_ANNOTATION, spec.getRestartNonce());
        }

        PodSpecBuilder podSpec = new PodSpecBuilder()
                .withEnableServiceLinks(false)
                .withServiceAccountName(pod.getServiceAccountName())
                .withImagePullSecrets(pullSecrets(settings.connectorImagePullSecrets(), pod.getImagePullSecrets()))
                .withNodeSelector(pod.getNodeSelector())
                .withTolerations(pod.getTolerations())
                .withAffinity(pod.getAffinity())
                .withPriorityClassName(pod.getPriorityClassName())
                .withSecurityContext(SecureDefaults.pod(pod.getSecurityContext()))
                .withContainers(container(cr, connectorId, metricsPort, image, tlsSecret, container))
                .withVolumes(volumes(cr, names, tlsSecret));
        SpecChecks.podVolumes(podSpec.buildVolumes());

        return new DeploymentBuilder()
                .withNewMetadata()
                    .withName(names.workload())
                    .withNamespace(cr.getMetadata().getNamespace())
                    .withLabels(names.labels())
                .endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector().withMatchLabels(names.selectorLabels()).endSelector()
                    .withStrategy(strategy(cr, replicas))
                    .withNewTemplate()
                        .withNewMetadata().withLabels(podLabels).withAnnotations(podAnnotations).endMetadata()
                        .withSpec(podSpec.build())
                    .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * Recreate where two pods of one connector must never overlap: a single-replica source (both copies would
     * publish), and a sink on an Exclusive or Failover subscription (a real broker refuses a second consumer name on
     * Exclusive and keeps the first consumer active on Failover, so a surge pod would fail or starve).
     */
    private static DeploymentStrategy strategy(DanubeConnector cr, int replicas) {
        if (cr.side() == ConnectorSide.SOURCE && replicas <= 1
                || cr.side() == ConnectorSide.SINK && SubscriptionTypes.usesSingleConsumer(cr.getSpec().getConfig())) {
            return new DeploymentStrategyBuilder().withType("Recreate").build();
        }
        return new DeploymentStrategyBuilder().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate().build();
    }

    private static Container container(DanubeConnector cr, String connectorId, int metricsPort, String image,
            SecretDigest tlsSecret, ContainerTemplateOverrides overrides) {
        ConnectorSpec spec = cr.getSpec();
        List<ContainerPort> ports = new ArrayList<>();
        ports.add(new ContainerPortBuilder().withName("metrics").withContainerPort(metricsPort).withProtocol("TCP")
                .build());
        if (spec.getPorts() != null) {
            for (ConnectorPort p : spec.getPorts()) {
                ports.add(new ContainerPortBuilder().withName(p.getName()).withContainerPort(p.getContainerPort())
                        .withProtocol(p.getProtocol() == null ? PortProtocol.TCP.value() : p.getProtocol().value())
                        .build());
            }
        }
        return new ContainerBuilder()
                .withName(CONTAINER_NAME)
                .withImage(image)
                .withImagePullPolicy(spec.getImagePullPolicy() == null ? null : spec.getImagePullPolicy().value())
                .withEnv(ContainerEnv.build(spec, connectorId, tlsSecret))
                .withEnvFrom(spec.getEnvFrom())
                .withPorts(ports)
                .withLivenessProbe(probe("/health/live", 10, 10))
                .withReadinessProbe(probe("/health/ready", 5, 5))
                .withResources(spec.getResources())
                .withSecurityContext(SecureDefaults.container(overrides.getSecurityContext()))
                .withVolumeMounts(volumeMounts(cr, tlsSecret))
                .addAllToVolumeMounts(TemplateParts.volumeMounts(spec))
                .withTerminationMessagePath("/dev/termination-log")
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .build();
    }

    private static Probe probe(String path, int initialDelaySeconds, int periodSeconds) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString("metrics")).endHttpGet()
                .withInitialDelaySeconds(initialDelaySeconds).withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(3).withFailureThreshold(3).build();
    }

    private static List<VolumeMount> volumeMounts(DanubeConnector cr, SecretDigest tlsSecret) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName("config").withMountPath(ContainerEnv.CONFIG_PATH)
                .withSubPath("connector.toml").withReadOnly(true).build());
        mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
        if (tlsSecret != null) {
            mounts.add(new VolumeMountBuilder().withName("danube-tls").withMountPath(ContainerEnv.TLS_DIR)
                    .withReadOnly(true).build());
        }
        if (cr.getSpec().getDanube().getTokenSecretRef() != null) {
            // A directory mount, never subPath: kubelet swaps the ..data link on rotation only for those.
            mounts.add(new VolumeMountBuilder().withName("danube-token").withMountPath(ContainerEnv.TOKEN_DIR)
                    .withReadOnly(true).build());
        }
        for (String configMap : schemaConfigMaps(cr).keySet()) {
            mounts.add(new VolumeMountBuilder().withName(schemaVolumeName(configMap))
                    .withMountPath(ConnectorTomlRenderer.SCHEMA_DIR + "/" + configMap).withReadOnly(true).build());
        }
        return mounts;
    }

    private static List<Volume> volumes(DanubeConnector cr, ConnectorNames names, SecretDigest tlsSecret) {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName("config").withNewConfigMap().withName(names.configMap())
                .endConfigMap().build());
        volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
        if (tlsSecret != null) {
            volumes.add(new VolumeBuilder().withName("danube-tls").withNewSecret()
                    .withSecretName(cr.getSpec().getDanube().getTlsSecretRef().getName()).withDefaultMode(0440)
                    .endSecret().build());
        }
        if (cr.getSpec().getDanube().getTokenSecretRef() != null) {
            volumes.add(new VolumeBuilder().withName("danube-token").withNewSecret()
                    .withSecretName(cr.getSpec().getDanube().getTokenSecretRef().getName()).withDefaultMode(0440)
                    .addNewItem().withKey(cr.getSpec().getDanube().getTokenSecretRef().getKey())
                    .withPath(ContainerEnv.TOKEN_FILE_NAME).endItem()
                    .endSecret().build());
        }
        for (String configMap : schemaConfigMaps(cr).keySet()) {
            volumes.add(new VolumeBuilder().withName(schemaVolumeName(configMap)).withNewConfigMap()
                    .withName(configMap).endConfigMap().build());
        }
        for (ConnectorVolume v : TemplateParts.volumes(cr.getSpec())) {
            volumes.add(new VolumeBuilder().withName(v.getName()).withPersistentVolumeClaim(v.getPersistentVolumeClaim())
                    .withConfigMap(v.getConfigMap()).withSecret(v.getSecret()).withEmptyDir(v.getEmptyDir()).build());
        }
        return volumes;
    }

    /** ConfigMaps that provide schema files, in a stable order. */
    private static Map<String, Boolean> schemaConfigMaps(DanubeConnector cr) {
        Map<String, Boolean> configMaps = new LinkedHashMap<>();
        if (cr.getSpec().getSchemas() != null) {
            for (SchemaSpec s : cr.getSpec().getSchemas()) {
                if (s.getSchemaConfigMapRef() != null) {
                    configMaps.put(s.getSchemaConfigMapRef().getName(), true);
                }
            }
        }
        return configMaps;
    }

    /** The operator-wide connector pull secrets, then the CR's own, each name once. */
    private static List<LocalObjectReference> pullSecrets(List<String> operatorWide, List<LocalObjectReference> own) {
        Map<String, LocalObjectReference> byName = new LinkedHashMap<>();
        for (String name : operatorWide) {
            byName.put(name, new LocalObjectReference(name));
        }
        for (LocalObjectReference ref : own == null ? List.<LocalObjectReference>of() : own) {
            byName.putIfAbsent(ref.getName(), ref);
        }
        return byName.isEmpty() ? null : new ArrayList<>(byName.values());
    }

    /**
     * A DNS-1123 label derived from the ConfigMap name, which may have dots and 253 characters. A name that had to
     * be changed (dots, length) gets a hash of the original, so two ConfigMaps whose names agree up to the cut or
     * differ only in '.' versus '-' still get distinct volumes.
     */
    static String schemaVolumeName(String configMap) {
        String name = SCHEMA_VOLUME_PREFIX + configMap.replace('.', '-');
        if (name.equals(SCHEMA_VOLUME_PREFIX + configMap) && name.length() <= KubernetesNames.DNS1123_LABEL_MAX_LENGTH) {
            return name;
        }
        String hash = SecretDigest.sha256(configMap).substring(0, 8);
        int keep = KubernetesNames.DNS1123_LABEL_MAX_LENGTH - hash.length() - 1;
        String prefix = name.length() <= keep ? name : name.substring(0, keep);
        return prefix.replaceAll("-+$", "") + "-" + hash;
    }
}
