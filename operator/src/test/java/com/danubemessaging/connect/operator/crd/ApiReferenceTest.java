package com.danubemessaging.connect.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.danubemessaging.connect.operator.TestFiles;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code docs/api.md} is generated from the committed CRDs (themselves generated from the Java model), so the API
 * reference cannot drift from the schema. Refresh with {@code ./mvnw -pl operator -am verify -Dcrds.update=true}.
 * Also checks that every field of our own types carries a description.
 */
class ApiReferenceTest {

    /** Embedded Kubernetes types: documented by Kubernetes, not expanded here. */
    private static final Map<String, String> KUBERNETES_TYPES = Map.ofEntries(
            Map.entry("spec.env", "[]EnvVar"),
            Map.entry("spec.envFrom", "[]EnvFromSource"),
            Map.entry("spec.resources", "ResourceRequirements"),
            Map.entry("spec.template.pod.tolerations", "[]Toleration"),
            Map.entry("spec.template.pod.affinity", "Affinity"),
            Map.entry("spec.template.pod.securityContext", "PodSecurityContext"),
            Map.entry("spec.template.pod.imagePullSecrets", "[]LocalObjectReference"),
            Map.entry("spec.template.pod.volumes[].persistentVolumeClaim", "PersistentVolumeClaimVolumeSource"),
            Map.entry("spec.template.pod.volumes[].configMap", "ConfigMapVolumeSource"),
            Map.entry("spec.template.pod.volumes[].secret", "SecretVolumeSource"),
            Map.entry("spec.template.pod.volumes[].emptyDir", "EmptyDirVolumeSource"),
            Map.entry("spec.template.container.securityContext", "SecurityContext"),
            Map.entry("spec.template.container.volumeMounts", "[]VolumeMount"),
            Map.entry("status.conditions",
                    "[]Condition (type, status, reason, message, lastTransitionTime, observedGeneration)"));

    @Test
    void apiReferenceIsUpToDateAndEveryFieldIsDescribed() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Danube Connect API reference\n\n")
                .append("<!-- Generated from crds/*.yml by ApiReferenceTest; refresh with "
                        + "./mvnw -pl operator -am verify -Dcrds.update=true -->\n\n")
                .append("Group `connect.danube-messaging.io`, version `v1alpha1`. Both kinds share one spec and one "
                        + "status; the kind says which side of Danube the connector is on.\n");
        List<String> undocumented = new ArrayList<>();
        for (String file : CrdFilesUpToDateTest.CRD_FILES) {
            JsonNode crd = TestFiles.documents(TestFiles.repoRoot().resolve("crds").resolve(file)).get(0);
            JsonNode names = crd.path("spec").path("names");
            JsonNode version = crd.path("spec").path("versions").get(0);
            md.append("\n## ").append(names.path("kind").asText()).append("\n\n")
                    .append("Plural `").append(names.path("plural").asText()).append("`, short name `")
                    .append(names.path("shortNames").get(0).asText()).append("`, category `")
                    .append(names.path("categories").get(0).asText()).append("`. Subresources: status, scale ")
                    .append("(`.spec.replicas`, `.status.replicas`, `.status.selector`).\n\n")
                    .append("`kubectl get` columns:");
            for (JsonNode column : version.path("additionalPrinterColumns")) {
                md.append(" ").append(column.path("name").asText()).append(" (`")
                        .append(column.path("jsonPath").asText()).append("`)");
            }
            md.append(".\n");
            if (names.path("kind").asText().equals("DanubeSinkConnector")) {
                md.append("\nThe fields are those of DanubeSourceConnector (see above).\n");
                continue;
            }
            JsonNode root = version.path("schema").path("openAPIV3Schema").path("properties");
            for (String part : List.of("spec", "status")) {
                md.append("\n### ").append(part).append("\n\n");
                rules(root.path(part), part, md);
                md.append("| field | type | required | description |\n|---|---|---|---|\n");
                fields(root.path(part), part, md, undocumented);
            }
        }
        assertThat(undocumented).as("fields without a description").isEmpty();

        Path doc = TestFiles.repoRoot().resolve("docs").resolve("api.md");
        if (Boolean.getBoolean("crds.update")) {
            Files.createDirectories(doc.getParent());
            Files.writeString(doc, md.toString());
            return;
        }
        assertThat(doc).as("docs/api.md is missing; run ./mvnw -pl operator -am verify -Dcrds.update=true").exists();
        assertThat(Files.readString(doc)).as("docs/api.md is out of date; run "
                + "./mvnw -pl operator -am verify -Dcrds.update=true").isEqualTo(md.toString());
    }

    private static void rules(JsonNode schema, String path, StringBuilder md) {
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            md.append("Rule on `").append(path).append("`: `").append(rule.path("rule").asText()).append("` — ")
                    .append(rule.path("message").asText()).append("\n\n");
        }
    }

    private static void fields(JsonNode schema, String path, StringBuilder md, List<String> undocumented) {
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String fieldPath = path + "." + e.getKey();
            JsonNode field = e.getValue();
            String description = field.path("description").asText("");
            if (description.isBlank()) {
                undocumented.add(fieldPath);
            }
            String k8sType = KUBERNETES_TYPES.get(fieldPath);
            md.append("| `").append(fieldPath).append("` | ").append(k8sType != null ? k8sType : type(field))
                    .append(" | ").append(required.contains(e.getKey()) ? "yes" : "").append(" | ")
                    .append(description.replace("|", "\\|")).append(constraints(field)).append(" |\n");
            if (k8sType != null) {
                continue;
            }
            JsonNode nested = field.path("type").asText().equals("array") ? field.path("items") : field;
            for (JsonNode rule : nested.path("x-kubernetes-validations")) {
                md.append("| | | | Rule: `").append(rule.path("rule").asText().replace("|", "\\|")).append("` — ")
                        .append(rule.path("message").asText()).append(" |\n");
            }
            if (nested.has("properties")) {
                fields(nested, fieldPath + (field.path("type").asText().equals("array") ? "[]" : ""), md,
                        undocumented);
            }
        }
    }

    private static String type(JsonNode field) {
        String type = field.path("type").asText("any");
        if (type.equals("array")) {
            return "[]" + field.path("items").path("type").asText("any");
        }
        if (type.equals("object") && field.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            return "object (free-form)";
        }
        if (type.equals("object") && field.has("additionalProperties")) {
            return "map[string]" + field.path("additionalProperties").path("type").asText("any");
        }
        return type;
    }

    private static String constraints(JsonNode field) {
        List<String> parts = new ArrayList<>();
        if (field.has("enum")) {
            List<String> values = new ArrayList<>();
            field.path("enum").forEach(v -> values.add("`" + v.asText() + "`"));
            parts.add("one of " + String.join(", ", values));
        }
        if (field.has("minimum")) {
            parts.add("minimum " + field.path("minimum").asLong());
        }
        if (field.has("maximum")) {
            parts.add("maximum " + field.path("maximum").asLong());
        }
        if (field.has("maxLength")) {
            parts.add("at most " + field.path("maxLength").asLong() + " characters");
        }
        if (field.has("pattern")) {
            parts.add("pattern `" + field.path("pattern").asText().replace("|", "\\|") + "`");
        }
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }
}
