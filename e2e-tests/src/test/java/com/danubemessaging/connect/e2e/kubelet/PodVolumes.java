package com.danubemessaging.connect.e2e.kubelet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.danubemessaging.connect.e2e.node.ContainerSandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The pod's volumes written to host folders, one per volume, as the kubelet's volume plugins lay them out: a
 * ConfigMap or Secret volume holds one file per key (or per {@code items} entry, at its path), with
 * {@code defaultMode}/{@code mode} (0644 unless set) and, with a pod {@code fsGroup}, group-owned by it; an emptyDir
 * is an empty folder anyone may write (0777). Then each of the container's volumeMounts becomes a bind mount at its
 * mountPath (a subPath mounts that file or folder of the volume). Other volume types fail loudly, so a spec that
 * starts using one shows up here rather than passing unseen.
 */
final class PodVolumes {
    private static final int DEFAULT_MODE = 0644;

    private final KubernetesClient client;

    PodVolumes(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Writes the volumes under {@code root} and returns the container's mounts.
     *
     * @throws ContainerConfigException when a ConfigMap or Secret a volume needs is missing (the kubelet keeps the
     *                                  pod in ContainerCreating with a FailedMount event; the message says which)
     */
    List<ContainerSandbox.Mount> mount(Pod pod, Container container, Path root) throws ContainerConfigException {
        Map<String, Path> volumes = new LinkedHashMap<>();
        Long fsGroup = pod.getSpec().getSecurityContext() == null ? null
                : pod.getSpec().getSecurityContext().getFsGroup();
        for (Volume volume : list(pod.getSpec().getVolumes())) {
            Path dir = root.resolve(volume.getName());
            write(pod, volume, dir, fsGroup);
            volumes.put(volume.getName(), dir);
        }
        List<ContainerSandbox.Mount> mounts = new ArrayList<>();
        for (VolumeMount vm : list(container.getVolumeMounts())) {
            Path source = volumes.get(vm.getName());
            if (source == null) {
                throw new IllegalStateException("volumeMount " + vm.getName() + " names no volume of the pod");
            }
            if (vm.getSubPath() != null && !vm.getSubPath().isEmpty()) {
                source = source.resolve(vm.getSubPath());
                if (!Files.exists(source)) {
                    throw new ContainerConfigException("failed to prepare subPath for volumeMount \"" + vm.getName()
                            + "\" of container \"" + container.getName() + "\": " + vm.getSubPath()
                            + " does not exist in the volume");
                }
            }
            mounts.add(new ContainerSandbox.Mount(vm.getMountPath(), source, Boolean.TRUE.equals(vm.getReadOnly())));
        }
        return mounts;
    }

    private void write(Pod pod, Volume volume, Path dir, Long fsGroup) throws ContainerConfigException {
        String ns = pod.getMetadata().getNamespace();
        try {
            Files.createDirectories(dir);
            if (volume.getEmptyDir() != null) {
                ContainerSandbox.chmod(dir, "777");
            } else if (volume.getConfigMap() != null) {
                var source = volume.getConfigMap();
                Map<String, byte[]> data = configMap(ns, source.getName(), Boolean.TRUE.equals(source.getOptional()));
                writeKeys(dir, data, source.getItems(), source.getDefaultMode(), fsGroup, "ConfigMap " + source.getName());
            } else if (volume.getSecret() != null) {
                var source = volume.getSecret();
                Map<String, byte[]> data = secret(ns, source.getSecretName(), Boolean.TRUE.equals(source.getOptional()));
                writeKeys(dir, data, source.getItems(), source.getDefaultMode(), fsGroup,
                        "Secret " + source.getSecretName());
            } else if (volume.getProjected() != null) {
                for (VolumeProjection projection : list(volume.getProjected().getSources())) {
                    Integer mode = volume.getProjected().getDefaultMode();
                    if (projection.getConfigMap() != null) {
                        var source = projection.getConfigMap();
                        writeKeys(dir, configMap(ns, source.getName(), Boolean.TRUE.equals(source.getOptional())),
                                source.getItems(), mode, fsGroup, "ConfigMap " + source.getName());
                    } else if (projection.getSecret() != null) {
                        var source = projection.getSecret();
                        writeKeys(dir, secret(ns, source.getName(), Boolean.TRUE.equals(source.getOptional())),
                                source.getItems(), mode, fsGroup, "Secret " + source.getName());
                    } else {
                        throw new IllegalStateException("the simulated kubelet supports projected configMap and secret"
                                + " sources only, not " + projection);
                    }
                }
            } else {
                throw new IllegalStateException("the simulated kubelet supports configMap, secret, projected and"
                        + " emptyDir volumes only, not volume " + volume.getName() + ": " + volume);
            }
            if (fsGroup != null) {
                Files.setAttribute(dir, "unix:gid", fsGroup.intValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write volume " + volume.getName() + " to " + dir, e);
        }
    }

    private Map<String, byte[]> configMap(String ns, String name, boolean optional) throws ContainerConfigException {
        ConfigMap cm = client.configMaps().inNamespace(ns).withName(name).get();
        if (cm == null) {
            if (optional) {
                return Map.of();
            }
            throw new ContainerConfigException("MountVolume.SetUp failed: configmap \"" + name + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        map(cm.getData()).forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        map(cm.getBinaryData()).forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        return data;
    }

    private Map<String, byte[]> secret(String ns, String name, boolean optional) throws ContainerConfigException {
        Secret secret = client.secrets().inNamespace(ns).withName(name).get();
        if (secret == null) {
            if (optional) {
                return Map.of();
            }
            throw new ContainerConfigException("MountVolume.SetUp failed: secret \"" + name + "\" not found");
        }
        Map<String, byte[]> data = new LinkedHashMap<>();
        map(secret.getData()).forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        return data;
    }

    private static void writeKeys(Path dir, Map<String, byte[]> data, List<KeyToPath> items, Integer defaultMode,
                                  Long fsGroup, String what) throws IOException, ContainerConfigException {
        Map<String, KeyToPath> selected = new LinkedHashMap<>();
        if (items == null || items.isEmpty()) {
            data.keySet().forEach(k -> selected.put(k, new KeyToPath(k, null, k)));
        } else {
            for (KeyToPath item : items) {
                if (!data.containsKey(item.getKey())) {
                    throw new ContainerConfigException("MountVolume.SetUp failed: configuration of " + what
                            + " has no key " + item.getKey());
                }
                selected.put(item.getKey(), item);
            }
        }
        for (KeyToPath item : selected.values()) {
            Path file = dir.resolve(item.getPath()).normalize();
            if (!file.startsWith(dir)) {
                throw new IllegalStateException(what + " item path escapes the volume: " + item.getPath());
            }
            Files.createDirectories(file.getParent());
            Files.write(file, data.get(item.getKey()));
            int mode = item.getMode() != null ? item.getMode() : defaultMode != null ? defaultMode : DEFAULT_MODE;
            ContainerSandbox.chmod(file, Integer.toOctalString(mode));
            if (fsGroup != null) {
                Files.setAttribute(file, "unix:gid", fsGroup.intValue());
            }
        }
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <V> Map<String, V> map(Map<String, V> map) {
        return map == null ? Map.of() : map;
    }
}
