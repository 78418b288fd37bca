package com.danubemessaging.connect.operator.dependent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * What the API server stores after a server-side apply, for the kinds the operator applies (Deployment, Service,
 * ConfigMap), so that JOSDK's SSA matcher can be tried on a realistic "actual" object without a cluster:
 * <ul>
 * <li>the defaults the API server fills in (k8s.io/kubernetes pkg/apis/apps/v1/defaults.go SetDefaults_Deployment,
 * pkg/apis/core/v1/defaults.go SetDefaults_Container, _Probe, _Service, _PodSpec, _Volume...) and the fields it sets
 * itself (uid, resourceVersion, generation, creationTimestamp, a Service's clusterIP and IP families, status);
 * <li>empty lists and maps dropped (Go's omitempty);
 * <li>{@code managedFields}: one Apply entry for the applier with the FieldsV1 set of the applied configuration
 * (structured-merge-diff: {@code f:} fields, {@code k:} entries of associative lists keyed by their list-map keys,
 * {@code .} for a set map or list item), plus the controllers' status Update.
 * </ul>
 */
final class ApiServerApply {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private ApiServerApply() {
    }

    /** The object as stored after {@code manager} applied {@code applied}. */
    @SuppressWarnings("unchecked")
    static <T extends HasMetadata> T apply(T applied, String manager) {
        Map<String, Object> config = dropEmpty(JSON.convertValue(applied, Map.class));
        Map<String, Object> stored = deepCopy(config);
        defaults(applied.getKind(), stored);
        Map<String, Object> metadata = (Map<String, Object>) stored.get("metadata");
        metadata.put("uid", "4b8f0a52-3c1e-4c55-9d0e-1f2a3b4c5d6e");
        metadata.put("resourceVersion", "48213");
        metadata.put("creationTimestamp", "2026-11-28T10:00:00Z");
        if (!applied.getKind().equals("ConfigMap") && !applied.getKind().equals("Service")) {
            metadata.put("generation", 1);
        }
        List<Object> managedFields = new ArrayList<>();
        managedFields.add(entry(manager, "Apply", fieldSet(config, ""), null));
        if (applied.getKind().equals("Deployment")) {
            managedFields.add(entry("kube-controller-manager", "Update", Map.of("f:status", Map.of(".", Map.of(),
                    "f:observedGeneration", Map.of(), "f:replicas", Map.of())), "status"));
        }
        metadata.put("managedFields", managedFields);
        return (T) JSON.convertValue(stored, applied.getClass());
    }

    private static Map<String, Object> entry(String manager, String operation, Map<String, Object> fields,
            String subresource) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("manager", manager);
        entry.put("operation", operation);
        entry.put("apiVersion", "v1");
        entry.put("time", "2026-11-28T10:00:00Z");
        entry.put("fieldsType", "FieldsV1");
        entry.put("fieldsV1", fields);
        if (subresource != null) {
            entry.put("subresource", subresource);
        }
        return entry;
    }

    /** The FieldsV1 set of an applied configuration. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fieldSet(Map<String, Object> object, String path) {
        Map<String, Object> set = new TreeMap<>();
        for (var e : object.entrySet()) {
            if (path.isEmpty() && (e.getKey().equals("apiVersion") || e.getKey().equals("kind"))) {
                continue;
            }
            String childPath = path + "." + e.getKey();
            if (path.isEmpty() && e.getKey().equals("metadata")) {
                Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) e.getValue());
                meta.remove("name");
                meta.remove("namespace");
                set.put("f:metadata", fieldSet(meta, childPath));
            } else if (e.getValue() instanceof Map<?, ?> map) {
                Map<String, Object> nested = fieldSet((Map<String, Object>) map, childPath);
                if (!nested.isEmpty()) {
                    nested.put(".", Map.of()); // an empty object (emptyDir: {}) is a leaf
                }
                set.put("f:" + e.getKey(), nested);
            } else if (e.getValue() instanceof List<?> list && listMapKeys(childPath, list) != null) {
                Map<String, Object> items = new TreeMap<>();
                for (Object item : list) {
                    Map<String, Object> itemMap = (Map<String, Object>) item;
                    Map<String, Object> key = new TreeMap<>();
                    for (String k : listMapKeys(childPath, list)) {
                        key.put(k, itemMap.get(k));
                    }
                    Map<String, Object> nested = fieldSet(itemMap, childPath + "[]");
                    nested.put(".", Map.of());
                    items.put("k:" + JSON.asJson(key), nested);
                }
                set.put("f:" + e.getKey(), items);
            } else {
                set.put("f:" + e.getKey(), Map.of()); // scalar or atomic list
            }
        }
        return set;
    }

    /** The list-map keys of the associative lists in the operator's objects (k8s.io/api +listMapKey markers). */
    private static List<String> listMapKeys(String path, List<?> list) {
        if (list.isEmpty() || !(list.get(0) instanceof Map)) {
            return null;
        }
        String field = path.substring(path.lastIndexOf('.') + 1);
        return switch (field) {
            case "containers", "initContainers", "env", "volumes", "imagePullSecrets" -> List.of("name");
            case "volumeMounts" -> List.of("mountPath");
            case "ownerReferences" -> List.of("uid");
            case "ports" -> path.contains(".containers[]") ? List.of("containerPort", "protocol")
                    : List.of("port", "protocol");
            case "topologySpreadConstraints" -> List.of("topologyKey", "whenUnsatisfiable");
            default -> null; // atomic: args, command, envFrom, tolerations, ...
        };
    }

    @SuppressWarnings("unchecked")
    private static void defaults(String kind, Map<String, Object> object) {
        Map<String, Object> spec = (Map<String, Object>) object.get("spec");
        switch (kind) {
            case "Deployment" -> {
                spec.putIfAbsent("replicas", 1);
                spec.putIfAbsent("revisionHistoryLimit", 10);
                spec.putIfAbsent("progressDeadlineSeconds", 600);
                Map<String, Object> strategy = (Map<String, Object>) spec.computeIfAbsent("strategy",
                        k -> new LinkedHashMap<>());
                strategy.putIfAbsent("type", "RollingUpdate");
                if (strategy.get("type").equals("RollingUpdate")) {
                    Map<String, Object> rolling = (Map<String, Object>) strategy.computeIfAbsent("rollingUpdate",
                            k -> new LinkedHashMap<>());
                    rolling.putIfAbsent("maxUnavailable", "25%");
                    rolling.putIfAbsent("maxSurge", "25%");
                }
                podSpecDefaults((Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec"));
                object.put("status", Map.of("observedGeneration", 1, "replicas", spec.get("replicas")));
            }
            case "Service" -> {
                spec.putIfAbsent("type", "ClusterIP");
                spec.putIfAbsent("sessionAffinity", "None");
                spec.put("clusterIP", "10.96.12.34");
                spec.put("clusterIPs", List.of("10.96.12.34"));
                spec.put("ipFamilies", List.of("IPv4"));
                spec.put("ipFamilyPolicy", "SingleStack");
                spec.putIfAbsent("internalTrafficPolicy", "Cluster");
                for (Map<String, Object> port : (List<Map<String, Object>>) spec.getOrDefault("ports", List.of())) {
                    port.putIfAbsent("protocol", "TCP");
                    port.putIfAbsent("targetPort", port.get("port"));
                }
                object.put("status", Map.of("loadBalancer", Map.of()));
            }
            default -> {
                // ConfigMap: nothing but metadata
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void podSpecDefaults(Map<String, Object> pod) {
        pod.putIfAbsent("restartPolicy", "Always");
        pod.putIfAbsent("terminationGracePeriodSeconds", 30);
        pod.putIfAbsent("dnsPolicy", "ClusterFirst");
        pod.putIfAbsent("schedulerName", "default-scheduler");
        pod.putIfAbsent("securityContext", new LinkedHashMap<>());
        for (String list : List.of("containers", "initContainers")) {
            for (Map<String, Object> c : (List<Map<String, Object>>) pod.getOrDefault(list, List.of())) {
                c.putIfAbsent("terminationMessagePath", "/dev/termination-log");
                c.putIfAbsent("terminationMessagePolicy", "File");
                String image = String.valueOf(c.get("image"));
                c.putIfAbsent("imagePullPolicy", image.endsWith(":latest") || !image.contains(":")
                        ? "Always" : "IfNotPresent");
                c.putIfAbsent("resources", new LinkedHashMap<>());
                for (Map<String, Object> port : (List<Map<String, Object>>) c.getOrDefault("ports", List.of())) {
                    port.putIfAbsent("protocol", "TCP");
                }
                for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                    if (c.get(probe) instanceof Map<?, ?> p) {
                        Map<String, Object> m = (Map<String, Object>) p;
                        m.putIfAbsent("timeoutSeconds", 1);
                        m.putIfAbsent("periodSeconds", 10);
                        m.putIfAbsent("successThreshold", 1);
                        m.putIfAbsent("failureThreshold", 3);
                        if (m.get("httpGet") instanceof Map<?, ?> h) {
                            ((Map<String, Object>) h).putIfAbsent("scheme", "HTTP");
                        }
                    }
                }
                for (Map<String, Object> env : (List<Map<String, Object>>) c.getOrDefault("env", List.of())) {
                    if (env.get("valueFrom") instanceof Map<?, ?> from && from.get("fieldRef") instanceof Map<?, ?> f) {
                        ((Map<String, Object>) f).putIfAbsent("apiVersion", "v1");
                    }
                }
            }
        }
        for (Map<String, Object> volume : (List<Map<String, Object>>) pod.getOrDefault("volumes", List.of())) {
            for (String source : List.of("configMap", "secret", "projected")) {
                if (volume.get(source) instanceof Map<?, ?> v) {
                    ((Map<String, Object>) v).putIfAbsent("defaultMode", 420);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dropEmpty(Map<String, Object> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (var e : map.entrySet()) {
            Object value = e.getValue();
            if (value instanceof Map<?, ?> m) {
                value = dropEmpty((Map<String, Object>) m);
            } else if (value instanceof List<?> l) {
                List<Object> items = new ArrayList<>();
                for (Object item : l) {
                    items.add(item instanceof Map<?, ?> im ? dropEmpty((Map<String, Object>) im) : item);
                }
                value = items;
            }
            boolean emptyList = value instanceof List<?> l && l.isEmpty();
            if (value != null && !emptyList) {
                result.put(e.getKey(), value);
            }
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        return JSON.unmarshal(JSON.asJson(map), Map.class);
    }
}
