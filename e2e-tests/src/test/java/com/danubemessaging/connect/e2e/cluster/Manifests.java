package com.danubemessaging.connect.e2e.cluster;

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

import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The YAML files of examples/, read as a user's {@code kubectl apply -f} would send them, with helpers to change a
 * field on the way. Secrets go in the way the API server stores them: {@code stringData} is write-only and merged
 * into {@code data} (kubernetes pkg/apis/core/v1/conversion.go, Convert_v1_Secret_To_core_Secret), which the mock
 * server does not do by itself.
 */
public final class Manifests {
    private static final Map<String, ResourceDefinitionContext> CONTEXTS = new java.util.concurrent.ConcurrentHashMap<>();

    private Manifests() {
    }

    /** Every document of a multi-document YAML file. */
    public static List<GenericKubernetesResource> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<GenericKubernetesResource> result = new ArrayList<>();
        for (String doc : text.split("(?m)^---\\s*$")) {
            if (doc.lines().anyMatch(l -> l.startsWith("kind:"))) {
                result.add(Serialization.unmarshal(doc, GenericKubernetesResource.class));
            }
        }
        return result;
    }

    /** The one document of that kind and name. */
    public static GenericKubernetesResource find(List<GenericKubernetesResource> docs, String kind, String name) {
        return docs.stream().filter(d -> kind.equals(d.getKind()) && name.equals(d.getMetadata().getName()))
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + kind + " " + name + " in the example"));
    }

    /** Creates the object in {@code namespace}, as {@code kubectl apply} creates a new one. */
    public static HasMetadata apply(KubernetesClient client, String namespace, GenericKubernetesResource doc) {
        if ("Secret".equals(doc.getKind())) {
            Secret secret = Serialization.unmarshal(Serialization.asJson(doc), Secret.class);
            Map<String, String> data = new LinkedHashMap<>(secret.getData() == null ? Map.of() : secret.getData());
            if (secret.getStringData() != null) {
                secret.getStringData().forEach((k, v) -> data.put(k,
                        Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            }
            secret.setData(data);
            secret.setStringData(null);
            secret.getMetadata().setNamespace(namespace);
            return client.secrets().inNamespace(namespace).resource(secret).create();
        }
        doc.getMetadata().setNamespace(namespace);
        if ("ConfigMap".equals(doc.getKind())) {
            ConfigMap cm = Serialization.unmarshal(Serialization.asJson(doc), ConfigMap.class);
            return client.configMaps().inNamespace(namespace).resource(cm).create();
        }
        return custom(client, doc.getApiVersion(), doc.getKind()).inNamespace(namespace).resource(doc).create();
    }

    /** Changes a custom resource, as {@code kubectl edit} does (read, change, write back). */
    public static GenericKubernetesResource edit(KubernetesClient client, String namespace, String apiVersion,
                                                 String kind, String name, Consumer<GenericKubernetesResource> change) {
        return custom(client, apiVersion, kind).inNamespace(namespace).withName(name).edit(r -> {
            change.accept(r);
            return r;
        });
    }

    public static GenericKubernetesResource get(KubernetesClient client, String namespace, String apiVersion,
                                                String kind, String name) {
        return custom(client, apiVersion, kind).inNamespace(namespace).withName(name).get();
    }

    /** The API of a custom kind, with its plural read from the installed CRD. */
    private static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> custom(KubernetesClient client, String apiVersion, String kind) {
        String group = apiVersion.substring(0, apiVersion.indexOf('/'));
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        ResourceDefinitionContext context = CONTEXTS.computeIfAbsent(apiVersion + "/" + kind, key -> {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().list().getItems()
                    .stream().filter(c -> group.equals(c.getSpec().getGroup())
                            && kind.equals(c.getSpec().getNames().getKind())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no CRD for " + apiVersion + " " + kind));
            return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                    .withPlural(crd.getSpec().getNames().getPlural())
                    .withNamespaced("Namespaced".equals(crd.getSpec().getScope())).build();
        });
        return client.genericKubernetesResources(context);
    }

    /** The map at a dotted path of a document ({@code spec.config.mqtt}), which must exist. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> at(GenericKubernetesResource doc, String path) {
        Object node = doc.getAdditionalProperties();
        for (String key : path.split("\\.")) {
            if (key.matches("\\d+")) {
                node = ((List<Object>) node).get(Integer.parseInt(key));
            } else {
                node = ((Map<String, Object>) node).get(key);
            }
            if (node == null) {
                throw new IllegalStateException("the example has no " + path + " (missing " + key + ")");
            }
        }
        return (Map<String, Object>) node;
    }

    /** Replaces the existing value at {@code key} of the map at {@code path}; fails when there is none. */
    public static Object replace(GenericKubernetesResource doc, String path, String key, Object value) {
        Map<String, Object> map = at(doc, path);
        if (!map.containsKey(key)) {
            throw new IllegalStateException("the example has no " + path + "." + key);
        }
        return map.put(key, value);
    }
}
