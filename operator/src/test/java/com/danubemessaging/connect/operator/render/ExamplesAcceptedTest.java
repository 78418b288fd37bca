package com.danubemessaging.connect.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.danubemessaging.connect.operator.ProductionSettings;
import com.danubemessaging.connect.operator.TestFiles;
import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.secrets.SecretDigest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Every connector CR in {@code examples/} is accepted by the production operator: rendered with the production
 * built-in list, with the Secrets and ConfigMaps the examples ship (e.g. examples/danube-secrets.yaml) or tell users
 * to create with {@code kubectl create secret generic}, it yields objects instead of
 * {@code SpecValid=False}, and its pod template passes the Pod Security Standards "restricted" profile.
 */
class ExamplesAcceptedTest {

    private static final Pattern KUBECTL_CREATE_SECRET = Pattern.compile(
            "kubectl create secret generic ([a-z0-9.-]+)((?: +--from-(?:file|literal)=[^ =]+=[^ \\n]*)+)");
    private static final Pattern FROM_KEY = Pattern.compile("--from-(?:file|literal)=([^ =]+)=");

    @TestFactory
    Stream<DynamicTest> everyExampleConnectorRendersWithTheProductionSettings() throws IOException {
        Path examples = TestFiles.repoRoot().resolve("examples");
        List<Path> files;
        try (Stream<Path> s = Files.walk(examples)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !examples.relativize(p).toString().contains("target")).sorted().toList();
        }
        Map<String, SecretDigest> secrets = new LinkedHashMap<>();
        Map<String, SecretDigest> configMaps = new LinkedHashMap<>();
        List<JsonNode> connectors = new ArrayList<>();
        for (Path file : files) {
            for (JsonNode doc : TestFiles.documents(file)) {
                if ("Secret".equals(doc.path("kind").asText())) {
                    var secret = TestFiles.secret(doc);
                    secrets.put(secret.getMetadata().getName(), SecretDigest.of(secret));
                } else if ("ConfigMap".equals(doc.path("kind").asText())) {
                    var configMap = Serialization.unmarshal(doc.toString(), ConfigMap.class);
                    configMaps.put(configMap.getMetadata().getName(), SecretDigest.ofConfigMap(configMap));
                } else if (TestFiles.isConnector(doc)) {
                    connectors.add(doc);
                }
            }
        }
        // Secrets the examples tell users to create from files rather than ship in YAML (e.g. the CA certificate).
        for (Path file : files) {
            Matcher m = KUBECTL_CREATE_SECRET.matcher(TestFiles.read(file));
            while (m.find()) {
                Matcher keys = FROM_KEY.matcher(m.group(2));
                var secret = new SecretBuilder().withNewMetadata().withName(m.group(1)).endMetadata();
                while (keys.find()) {
                    secret.addToStringData(keys.group(1), "from " + file.getFileName());
                }
                secrets.putIfAbsent(m.group(1), SecretDigest.of(secret.build()));
            }
        }
        assertThat(connectors).as("connector CRs in %s", examples).hasSizeGreaterThanOrEqualTo(5);
        return connectors.stream().map(doc -> DynamicTest.dynamicTest(doc.path("kind").asText() + "/"
                + doc.path("metadata").path("name").asText(), () -> {
                    ObjectNode copy = doc.deepCopy();
                    ObjectNode meta = (ObjectNode) copy.path("metadata");
                    if (!meta.has("namespace")) {
                        meta.put("namespace", "default"); // what kubectl apply without -n gives
                    }
                    DanubeConnector cr = TestFiles.connector(copy);
                    RenderedConnector rendered;
                    try {
                        rendered = ProductionSettings.renderer().render(cr, secrets, configMaps);
                    } catch (InvalidSpecException e) {
                        throw new AssertionError("the production operator refuses this example: " + e.reason()
                                + ": " + e.getMessage(), e);
                    }
                    assertThat(RestrictedPodSecurity.violations(rendered.deployment().getSpec().getTemplate()
                            .getSpec())).as("Pod Security Standards restricted").isEmpty();
                }));
    }
}
