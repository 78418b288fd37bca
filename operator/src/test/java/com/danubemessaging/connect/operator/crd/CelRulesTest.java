package com.danubemessaging.connect.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.danubemessaging.connect.operator.TestFiles;
import com.fasterxml.jackson.databind.JsonNode;

import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * Evaluates the CEL rules of the committed CRDs ({@code x-kubernetes-validations}) with a CEL implementation
 * (dev.cel, the CEL-Java library), the way the API server does: each rule runs with {@code self} bound to the value
 * at the schema node that declares it, for every such value in the CR (every item of an array). Cases: the files in
 * {@code src/test/resources/CelRulesTest} ({@code invalid-*.yaml} must break the rule named in their
 * {@code # expect-rule:} line and no other; {@code valid-*.yaml} must pass), the valid cases of
 * CustomResourceValidationTest and every connector in {@code examples/}. Every rule of the CRDs must be broken by at
 * least one invalid case, so a new rule cannot go untested.
 */
class CelRulesTest {

    private static final Path CASES = Path.of("src/test/resources/CelRulesTest");
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .addVar("self", SimpleType.DYN).setStandardMacros(CelStandardMacro.STANDARD_MACROS).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    /** A rule of the CRD with the schema path that declares it (e.g. spec.ports[*].name). */
    record Rule(String path, String expression, String message, CelRuntime.Program program) {
    }

    static Map<String, List<Rule>> rulesByKind() {
        Map<String, List<Rule>> rules = new LinkedHashMap<>();
        for (String kind : List.of("DanubeSourceConnector", "DanubeSinkConnector")) {
            String file = kind.equals("DanubeSourceConnector") ? CrdFilesUpToDateTest.CRD_FILES.get(0)
                    : CrdFilesUpToDateTest.CRD_FILES.get(1);
            JsonNode crd = TestFiles.documents(TestFiles.repoRoot().resolve("crds").resolve(file)).get(0);
            JsonNode schema = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
            List<Rule> found = new ArrayList<>();
            collect(schema, "", found);
            rules.put(kind, found);
        }
        return rules;
    }

    private static void collect(JsonNode schema, String path, List<Rule> into) {
        for (JsonNode v : schema.path("x-kubernetes-validations")) {
            String expression = v.path("rule").asText();
            try {
                var ast = COMPILER.compile(expression).getAst();
                into.add(new Rule(path, expression, v.path("message").asText(), RUNTIME.createProgram(ast)));
            } catch (Exception e) {
                throw new AssertionError("CEL rule at " + path + " does not compile: " + expression, e);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
            var property = it.next();
            collect(property.getValue(), path.isEmpty() ? property.getKey() : path + "." + property.getKey(), into);
        }
        if (schema.has("items")) {
            collect(schema.path("items"), path + "[*]", into);
        }
    }

    /** Messages of the rules the document breaks. */
    static Set<String> broken(JsonNode doc, List<Rule> rules) {
        Set<String> messages = new LinkedHashSet<>();
        for (Rule rule : rules) {
            for (JsonNode value : valuesAt(doc, rule.path())) {
                Object result;
                try {
                    result = rule.program().eval(Map.of("self", toCel(value)));
                } catch (Exception e) {
                    throw new AssertionError("CEL rule " + rule.expression() + " failed on " + value, e);
                }
                if (!Boolean.TRUE.equals(result)) {
                    messages.add(rule.message());
                }
            }
        }
        return messages;
    }

    private static List<JsonNode> valuesAt(JsonNode doc, String path) {
        List<JsonNode> current = List.of(doc);
        if (path.isEmpty()) {
            return current;
        }
        for (String segment : path.split("\\.")) {
            boolean each = segment.endsWith("[*]");
            String field = each ? segment.substring(0, segment.length() - 3) : segment;
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                JsonNode child = node.get(field);
                if (child == null || child.isNull()) {
                    continue; // rules of absent fields do not run
                }
                if (each) {
                    child.forEach(next::add);
                } else {
                    next.add(child);
                }
            }
            current = next;
        }
        return current;
    }

    /** JSON as CEL sees it: maps, lists, int (Long), double, string, bool. */
    private static Object toCel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(toCel(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }

    @TestFactory
    Stream<DynamicTest> rulesAcceptValidAndRefuseInvalidResources() throws IOException {
        Map<String, List<Rule>> rules = rulesByKind();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(CASES)) {
            s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/CustomResourceValidationTest"))) {
            s.filter(p -> p.getFileName().toString().startsWith("valid-")).sorted().forEach(files::add);
        }
        assertThat(files).as("CEL cases").anyMatch(p -> p.getFileName().toString().startsWith("invalid-"));
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            JsonNode doc = TestFiles.documents(file).get(0);
            Set<String> broken = broken(doc, rules.get(doc.path("kind").asText()));
            if (file.getFileName().toString().startsWith("valid-")) {
                assertThat(broken).as(file.toString()).isEmpty();
            } else {
                String expected = expectedRule(file);
                assertThat(broken).as(file.toString()).hasSize(1);
                assertThat(broken.iterator().next()).as(file.toString()).contains(expected);
            }
        }));
    }

    @Test
    void everyExampleConnectorPassesTheRules() throws IOException {
        Map<String, List<Rule>> rules = rulesByKind();
        List<String> checked = new ArrayList<>();
        Path examples = TestFiles.repoRoot().resolve("examples");
        try (Stream<Path> s = Files.walk(examples)) {
            for (Path file : s.filter(p -> p.toString().endsWith(".yaml"))
                    .filter(p -> !examples.relativize(p).toString().contains("target")).sorted().toList()) {
                for (JsonNode doc : TestFiles.documents(file)) {
                    if (TestFiles.isConnector(doc)) {
                        assertThat(broken(doc, rules.get(doc.path("kind").asText()))).as(file.toString()).isEmpty();
                        checked.add(file.getFileName().toString());
                    }
                }
            }
        }
        assertThat(checked).as("example connectors").hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void everyRuleIsBrokenByAtLeastOneInvalidCase() throws IOException {
        Set<String> expected = new LinkedHashSet<>();
        try (Stream<Path> s = Files.list(CASES)) {
            s.filter(p -> p.getFileName().toString().startsWith("invalid-")).forEach(p -> expected.add(
                    expectedRule(p)));
        }
        for (var entry : rulesByKind().entrySet()) {
            assertThat(entry.getValue()).as(entry.getKey() + " CEL rules").hasSizeGreaterThanOrEqualTo(6);
            for (Rule rule : entry.getValue()) {
                assertThat(expected).as("an invalid case for rule '%s' at %s", rule.message(), rule.path())
                        .anyMatch(rule.message()::contains);
            }
        }
    }

    private static String expectedRule(Path file) {
        return TestFiles.read(file).lines().filter(l -> l.startsWith("# expect-rule: "))
                .map(l -> l.substring("# expect-rule: ".length())).findFirst()
                .orElseThrow(() -> new AssertionError(file + " needs a '# expect-rule: <message>' line"));
    }
}
