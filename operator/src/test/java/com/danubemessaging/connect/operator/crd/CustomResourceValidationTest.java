package com.danubemessaging.connect.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.danubemessaging.connect.operator.TestFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;

/**
 * Validates CR YAMLs against the {@code openAPIV3Schema} of the committed CRDs (which CrdFilesUpToDateTest keeps equal
 * to the generated ones): {@code valid-*.yaml} must pass, {@code invalid-*.yaml} must fail with the error named in
 * their {@code # expect:} comment. The CEL rules ({@code x-kubernetes-validations}) are not evaluated by networknt;
 * CelRulesTest evaluates them. Every connector document under {@code examples/} must pass too, and there must be
 * some: a missing or empty examples/ fails the test instead of passing it vacuously.
 */
class CustomResourceValidationTest {

    private static final Path CASES = Path.of("src/test/resources/CustomResourceValidationTest");
    private static final Map<String, JsonSchema> SCHEMAS = new HashMap<>();

    static JsonSchema schemaFor(String kind) {
        return SCHEMAS.computeIfAbsent(kind, k -> {
            String file = k.equals("DanubeSourceConnector") ? CrdFilesUpToDateTest.CRD_FILES.get(0)
                    : CrdFilesUpToDateTest.CRD_FILES.get(1);
            JsonNode crd = TestFiles.documents(TestFiles.repoRoot().resolve("crds").resolve(file)).get(0);
            JsonNode schema = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
            return JsonSchemaFactory.getInstance(VersionFlag.V4).getSchema(schema);
        });
    }

    static Set<String> validate(JsonNode doc) {
        return schemaFor(doc.path("kind").asText()).validate(doc).stream().map(ValidationMessage::getMessage)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    @TestFactory
    Stream<DynamicTest> validAndInvalidCustomResources() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(CASES)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("validation cases").hasSizeGreaterThan(4);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            JsonNode doc = TestFiles.documents(file).get(0);
            Set<String> errors = validate(doc);
            if (file.getFileName().toString().startsWith("valid-")) {
                assertThat(errors).as(file.getFileName().toString()).isEmpty();
            } else {
                String expected = TestFiles.read(file).lines().filter(l -> l.startsWith("# expect: "))
                        .map(l -> l.substring("# expect: ".length())).findFirst()
                        .orElseThrow(() -> new AssertionError(file + " needs a '# expect: <error>' line"));
                assertThat(errors).as(file.getFileName().toString()).anyMatch(e -> e.contains(expected));
            }
        }));
    }

    @Test
    void everyConnectorInExamplesIsValid() throws IOException {
        Path examples = TestFiles.repoRoot().resolve("examples");
        List<String> checked = new ArrayList<>();
        assertThat(examples).as("examples/ of the repository").isDirectory();
        List<Path> files;
        try (Stream<Path> s = Files.walk(examples)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !examples.relativize(p).toString().contains("target")).sorted().toList();
        }
        for (Path file : files) {
            for (JsonNode doc : TestFiles.documents(file)) {
                if (!TestFiles.isConnector(doc)) {
                    continue; // Secrets, ConfigMaps, ... of the examples are validated by helm/check.sh
                }
                String name = examples.relativize(file) + "#" + doc.path("metadata").path("name").asText();
                assertThat(validate(doc)).as(name).isEmpty();
                checked.add(name);
            }
        }
        assertThat(checked).as("connector CRs found in %s", examples).hasSizeGreaterThanOrEqualTo(5);
        System.out.println("Validated example connectors: " + checked);
    }
}
