package com.danubemessaging.connect.e2e.kubelet;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A container's environment as the kubelet builds it (pkg/kubelet/kubelet_pods.go, makeEnvironmentVariables):
 * envFrom sources first, in order, then env entries in order, each value with {@code $(NAME)} expanded from the
 * variables defined before it ({@code $$} escapes); valueFrom read from the API server (secretKeyRef,
 * configMapKeyRef, fieldRef, resourceFieldRef). The image's ENV is underneath: the container's entries win.
 */
final class ContainerEnvironment {
    private static final Pattern FIELD_MAP = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    private final KubernetesClient client;

    ContainerEnvironment(KubernetesClient client) {
        this.client = client;
    }

    /** The container's own variables (without the image's), or why the kubelet would not start it. */
    Map<String, String> resolve(Pod pod, Container container) throws ContainerConfigException {
        String ns = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : list(container.getEnvFrom())) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getConfigMapRef() != null) {
                ConfigMap cm = client.configMaps().inNamespace(ns).withName(from.getConfigMapRef().getName()).get();
                if (cm == null) {
                    if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                        continue;
                    }
                    throw new ContainerConfigException("configmap \"" + from.getConfigMapRef().getName()
                            + "\" not found");
                }
                map(cm.getData()).forEach((k, v) -> env.put(prefix + k, v));
            } else if (from.getSecretRef() != null) {
                Secret secret = client.secrets().inNamespace(ns).withName(from.getSecretRef().getName()).get();
                if (secret == null) {
                    if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                        continue;
                    }
                    throw new ContainerConfigException("secret \"" + from.getSecretRef().getName() + "\" not found");
                }
                map(secret.getData()).forEach((k, v) -> env.put(prefix + k, decode(v)));
            }
        }
        for (EnvVar var : list(container.getEnv())) {
            String value;
            if (var.getValueFrom() == null) {
                value = expand(var.getValue() == null ? "" : var.getValue(), env);
            } else {
                value = valueFrom(pod, container, var.getValueFrom());
                if (value == null) {
                    continue; // an optional reference that is missing: the variable is not set
                }
            }
            env.put(var.getName(), value);
        }
        return env;
    }

    /** {@code $(NAME)} in a command or args word, expanded from the container's variables. */
    static String expand(String text, Map<String, String> env) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                replacement = env.containsKey(m.group(1)) ? env.get(m.group(1)) : m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String valueFrom(Pod pod, Container container, EnvVarSource source) throws ContainerConfigException {
        String ns = pod.getMetadata().getNamespace();
        if (source.getSecretKeyRef() != null) {
            var ref = source.getSecretKeyRef();
            Secret secret = client.secrets().inNamespace(ns).withName(ref.getName()).get();
            String value = key("secret", "Secret", ns, ref.getName(), ref.getKey(), ref.getOptional(),
                    secret == null ? null : map(secret.getData()));
            return value == null ? null : decode(value);
        }
        if (source.getConfigMapKeyRef() != null) {
            var ref = source.getConfigMapKeyRef();
            ConfigMap cm = client.configMaps().inNamespace(ns).withName(ref.getName()).get();
            return key("configmap", "ConfigMap", ns, ref.getName(), ref.getKey(), ref.getOptional(),
                    cm == null ? null : map(cm.getData()));
        }
        if (source.getFieldRef() != null) {
            return field(pod, source.getFieldRef().getFieldPath());
        }
        if (source.getResourceFieldRef() != null) {
            var ref = source.getResourceFieldRef();
            String resource = ref.getResource();
            var resources = container.getResources();
            Map<String, Quantity> values = resource.startsWith("limits.")
                    ? (resources == null ? null : resources.getLimits())
                    : (resources == null ? null : resources.getRequests());
            Quantity quantity = values == null ? null : values.get(resource.substring(resource.indexOf('.') + 1));
            if (quantity == null) {
                throw new IllegalStateException("the simulated kubelet has no node allocatable for " + resource
                        + " (the container sets no value)");
            }
            Quantity divisor = ref.getDivisor() == null ? new Quantity("1") : ref.getDivisor();
            return quantity.getNumericalAmount().divide(divisor.getNumericalAmount(), 0,
                    java.math.RoundingMode.CEILING).toPlainString();
        }
        throw new IllegalStateException("unsupported env valueFrom: " + source);
    }

    /**
     * One key of a Secret's or ConfigMap's data ({@code data} null: the object does not exist); null when it is
     * missing but optional.
     */
    private static String key(String resource, String kind, String ns, String name, String key, Boolean optional,
                              Map<String, String> data) throws ContainerConfigException {
        String value = data == null ? null : data.get(key);
        if (value != null || Boolean.TRUE.equals(optional)) {
            return value;
        }
        throw new ContainerConfigException(data == null ? resource + " \"" + name + "\" not found"
                : "couldn't find key " + key + " in " + kind + " " + ns + "/" + name);
    }

    private static String field(Pod pod, String path) {
        var meta = pod.getMetadata();
        Matcher m = FIELD_MAP.matcher(path);
        if (m.matches()) {
            Map<String, String> values = m.group(1).equals("labels") ? meta.getLabels() : meta.getAnnotations();
            return values == null ? "" : values.getOrDefault(m.group(2), "");
        }
        return switch (path) {
            case "metadata.name" -> meta.getName();
            case "metadata.namespace" -> meta.getNamespace();
            case "metadata.uid" -> meta.getUid();
            case "spec.nodeName" -> pod.getSpec().getNodeName();
            case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
            case "status.podIP" -> pod.getStatus() == null ? "" : pod.getStatus().getPodIP();
            case "status.hostIP" -> pod.getStatus() == null ? "" : pod.getStatus().getHostIP();
            default -> throw new IllegalStateException("unsupported fieldRef " + path);
        };
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, String> map(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
