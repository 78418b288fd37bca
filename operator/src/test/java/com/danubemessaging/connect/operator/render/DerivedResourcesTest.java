package com.danubemessaging.connect.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.danubemessaging.connect.operator.ProductionSettings;
import com.danubemessaging.connect.operator.TestFiles;
import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.secrets.SecretDigest;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Golden-file tests of the rendering (after Kroxylicious' DerivedResourcesTest). Each folder under
 * {@code src/test/resources/DerivedResourcesTest} holds {@code in-connector.yaml} (the CR), optionally
 * {@code in-secrets.yaml} (Secrets that exist), {@code in-configmaps.yaml} (ConfigMaps that exist) and the expected
 * outputs: {@code out-ConfigMap.yaml},
 * {@code out-Deployment.yaml}, {@code out-Service.yaml}, or {@code out-error.txt} for a spec that cannot be rendered.
 * An expected file that the rendering does not produce fails the test too. Regenerate after an intended change with
 * {@code ./mvnw -pl operator -am test -Dtest=DerivedResourcesTest -Dgolden.update=true} and review the diff.
 */
class DerivedResourcesTest {

    private static final Path CASES = Path.of("src/test/resources/DerivedResourcesTest");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> renderedObjectsMatchGoldenFiles() throws IOException {
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(CASES)) {
            cases = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(cases).as("golden cases").isNotEmpty();
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    private static void check(Path dir) throws IOException {
        DanubeConnector cr = TestFiles.connector(dir.resolve("in-connector.yaml"), "connectors");
        Map<String, SecretDigest> secrets = new LinkedHashMap<>();
        Path secretsFile = dir.resolve("in-secrets.yaml");
        if (Files.exists(secretsFile)) {
            TestFiles.documents(secretsFile).stream().map(TestFiles::secret)
                    .forEach(s -> secrets.put(s.getMetadata().getName(), SecretDigest.of(s)));
        }
        Map<String, SecretDigest> configMaps = new LinkedHashMap<>();
        Path configMapsFile = dir.resolve("in-configmaps.yaml");
        if (Files.exists(configMapsFile)) {
            TestFiles.documents(configMapsFile).stream()
                    .map(doc -> Serialization.unmarshal(doc.toString(), ConfigMap.class))
                    .forEach(c -> configMaps.put(c.getMetadata().getName(), SecretDigest.ofConfigMap(c)));
        }
        Map<String, String> actual = new LinkedHashMap<>();
        try {
            RenderedConnector rendered = ProductionSettings.renderer().render(cr, secrets, configMaps);
            actual.put("out-ConfigMap.yaml", Serialization.asYaml(rendered.configMap()));
            actual.put("out-Deployment.yaml", Serialization.asYaml(rendered.deployment()));
            actual.put("out-Service.yaml", Serialization.asYaml(rendered.service()));
        } catch (InvalidSpecException e) {
            actual.put("out-error.txt", e.reason() + ": " + e.getMessage() + "\n");
        }

        Set<String> expectedFiles = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("out-")).forEach(expectedFiles::add);
        }
        if (UPDATE) {
            for (String stale : expectedFiles) {
                if (!actual.containsKey(stale)) {
                    Files.delete(dir.resolve(stale));
                }
            }
            for (var e : actual.entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue());
            }
            return;
        }
        Set<String> unused = new TreeSet<>(expectedFiles);
        unused.removeAll(actual.keySet());
        if (!unused.isEmpty()) {
            fail(dir.getFileName() + ": expected files " + unused + " are not produced by the rendering"
                    + (actual.containsKey("out-error.txt") ? " (it failed: " + actual.get("out-error.txt").strip()
                            + ")" : ""));
        }
        for (var e : actual.entrySet()) {
            Path expected = dir.resolve(e.getKey());
            assertThat(expected).as(dir.getFileName() + " is missing " + e.getKey() + "; rendered:\n" + e.getValue())
                    .exists();
            assertThat(e.getValue()).as(dir.getFileName() + "/" + e.getKey()).isEqualTo(Files.readString(expected));
        }
    }
}
