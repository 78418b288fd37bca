package com.danubemessaging.connect.operator.rbac;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.danubemessaging.connect.operator.TestFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The permissions the Helm chart grants the operator's ServiceAccount, read from a real {@code helm template}
 * ({@code helm/render.sh}, which fetches helm as {@code helm/check.sh} does), evaluated as the API server's RBAC
 * authorizer does (k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac/rbac.go, RuleAllows): verb, API group and
 * resource ("resource/subresource") must match, and a rule with {@code resourceNames} allows only requests for one
 * of those names (so never a list, watch or create of a collection).
 */
public final class ChartRbac {

    /** The namespace the chart is rendered into (the operator's own, where its Lease lives). */
    public static final String RELEASE_NAMESPACE = "danube-system";

    /**
     * What every authenticated user may do whatever the chart says: the bootstrap ClusterRoles
     * {@code system:basic-user} (self-reviews, which JOSDK's leader election uses to check its Lease access) and
     * {@code system:discovery} / {@code system:public-info-viewer} (discovery and version), bound to
     * {@code system:authenticated} (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go).
     */
    private static final List<Rule> AUTHENTICATED = List.of(
            new Rule(Set.of("authorization.k8s.io"), Set.of("selfsubjectaccessreviews", "selfsubjectrulesreviews"),
                    Set.of("create"), Set.of(), Set.of()),
            new Rule(Set.of(), Set.of(), Set.of("get"), Set.of(),
                    Set.of("/api", "/api/*", "/apis", "/apis/*", "/version", "/version/", "/healthz", "/livez",
                            "/readyz", "/openapi", "/openapi/*")));

    /** One PolicyRule. */
    public record Rule(Set<String> apiGroups, Set<String> resources, Set<String> verbs, Set<String> resourceNames,
            Set<String> nonResourceURLs) {

        boolean allows(ApiCall call) {
            if (!matches(verbs, call.verb())) {
                return false;
            }
            if (call.nonResource()) {
                return nonResourceURLs.stream().anyMatch(url -> url.equals(call.resource())
                        || url.endsWith("*") && call.resource().startsWith(url.substring(0, url.length() - 1)));
            }
            return matches(apiGroups, call.group()) && resourceMatches(call)
                    && (resourceNames.isEmpty() || !call.name().isEmpty() && resourceNames.contains(call.name()));
        }

        private boolean resourceMatches(ApiCall call) {
            String combined = call.resourceWithSubresource();
            return resources.contains("*") || resources.contains(combined)
                    || !call.subresource().isEmpty() && resources.contains("*/" + call.subresource());
        }

        private static boolean matches(Set<String> allowed, String value) {
            return allowed.contains("*") || allowed.contains(value);
        }

        /** The rule as a SelfSubjectRulesReview lists it. */
        public Map<String, Object> asResourceRule() {
            return Map.of("verbs", List.copyOf(verbs), "apiGroups", List.copyOf(apiGroups), "resources",
                    List.copyOf(resources), "resourceNames", List.copyOf(resourceNames));
        }
    }

    private final List<String> helmArgs;
    private final List<Rule> clusterRules = new ArrayList<>();
    private final Map<String, List<Rule>> namespaceRules = new java.util.TreeMap<>();

    private ChartRbac(List<String> helmArgs, List<JsonNode> docs) {
        this.helmArgs = helmArgs;
        String serviceAccount = docs.stream().filter(d -> d.path("kind").asText().equals("Deployment"))
                .map(d -> d.path("spec").path("template").path("spec").path("serviceAccountName").asText())
                .findFirst().orElseThrow(() -> new IllegalStateException("the chart rendered no Deployment"));
        for (JsonNode binding : docs) {
            String kind = binding.path("kind").asText();
            if (!kind.equals("ClusterRoleBinding") && !kind.equals("RoleBinding") || !bindsTo(binding, serviceAccount)) {
                continue;
            }
            String bindingNamespace = binding.path("metadata").path("namespace").asText("");
            JsonNode ref = binding.path("roleRef");
            JsonNode role = docs.stream().filter(d -> d.path("kind").asText().equals(ref.path("kind").asText())
                    && d.path("metadata").path("name").asText().equals(ref.path("name").asText())
                    && (ref.path("kind").asText().equals("ClusterRole")
                            || d.path("metadata").path("namespace").asText("").equals(bindingNamespace)))
                    .findFirst().orElseThrow(() -> new IllegalStateException(kind + " "
                            + binding.path("metadata").path("name").asText() + " refers to " + ref
                            + " which the chart does not render"));
            List<Rule> rules = rules(role);
            if (kind.equals("ClusterRoleBinding")) {
                clusterRules.addAll(rules);
            } else {
                namespaceRules.computeIfAbsent(bindingNamespace, n -> new ArrayList<>()).addAll(rules);
            }
        }
    }

    /** Renders the chart with the given extra {@code helm template} arguments (e.g. {@code --set k=v}). */
    public static ChartRbac render(String... helmArgs) {
        Path script = TestFiles.repoRoot().resolve("helm/render.sh");
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(helmArgs));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out;
            try (InputStream stdout = process.getInputStream()) {
                out = stdout.readAllBytes();
            }
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                // Never a skip: without the chart's rules this test proves nothing, in CI or anywhere else.
                throw new IllegalStateException("helm/render.sh " + List.of(helmArgs) + " failed (exit "
                        + process.exitValue() + "): helm is needed to read the chart's RBAC; see the lines above");
            }
            return new ChartRbac(List.of(helmArgs), documents(out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** True when the chart's RBAC (plus what every authenticated user has) allows the call. */
    public boolean allows(ApiCall call) {
        List<Rule> applicable = new ArrayList<>(clusterRules);
        applicable.addAll(AUTHENTICATED);
        if (!call.namespace().isEmpty()) {
            applicable.addAll(namespaceRules.getOrDefault(call.namespace(), List.of()));
        }
        return applicable.stream().anyMatch(rule -> rule.allows(call));
    }

    /** The rules that apply in a namespace, as a SelfSubjectRulesReview of the ServiceAccount returns them. */
    public List<Rule> rulesIn(String namespace) {
        List<Rule> rules = new ArrayList<>(clusterRules);
        rules.addAll(namespaceRules.getOrDefault(namespace, List.of()));
        rules.addAll(AUTHENTICATED.stream().filter(r -> r.nonResourceURLs().isEmpty()).toList());
        return rules;
    }

    /** Number of rules the chart grants the ServiceAccount (a chart that grants nothing must not pass a test). */
    public int ruleCount() {
        return clusterRules.size() + namespaceRules.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public String toString() {
        return "chart rendered with " + (helmArgs.isEmpty() ? "default values" : String.join(" ", helmArgs));
    }

    private static boolean bindsTo(JsonNode binding, String serviceAccount) {
        for (JsonNode subject : binding.path("subjects")) {
            if (subject.path("kind").asText().equals("ServiceAccount")
                    && subject.path("name").asText().equals(serviceAccount)
                    && subject.path("namespace").asText().equals(RELEASE_NAMESPACE)) {
                return true;
            }
        }
        return false;
    }

    private static List<Rule> rules(JsonNode role) {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode rule : role.path("rules")) {
            rules.add(new Rule(strings(rule.path("apiGroups")), strings(rule.path("resources")),
                    strings(rule.path("verbs")), strings(rule.path("resourceNames")),
                    strings(rule.path("nonResourceURLs"))));
        }
        return rules;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new java.util.LinkedHashSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<JsonNode> documents(byte[] yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = TestFiles.YAML.readerFor(JsonNode.class)
                .readValues(new YAMLFactory().createParser(new String(yaml, StandardCharsets.UTF_8)))) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && doc.isObject() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }
}
