package com.danubemessaging.connect.operator.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.danubemessaging.connect.operator.ProductionSettings;
import com.danubemessaging.connect.operator.TestFiles;
import com.danubemessaging.connect.operator.config.OperatorConfig;
import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.config.WithDefault;

/**
 * The three images (runtime, operator, testkit) have one set of names and one tag, the chart's appVersion. The
 * Dockerfile labels, the chart defaults, the operator's default runtime image, examples/, the docs and the scripts
 * must all use them, or a user who follows one file builds an image that another file never pulls.
 */
class ImageReferencesTest {

    static final String REGISTRY = "ghcr.io/danube-messaging";
    static final List<String> IMAGES = List.of("runtime", "operator", "testkit");

    /** name:tag of one of our images, with whatever registry prefix the text uses. */
    private static final Pattern REFERENCE = Pattern.compile(
            "(?<prefix>[A-Za-z0-9.$/{}_-]*/)?danube-connect-(?<name>runtime|operator|testkit)(?<suffix>[A-Za-z0-9_-]*)"
                    + ":(?<tag>[0-9$][A-Za-z0-9._${}-]*)");

    @Test
    void everyFileUsesTheSameImageNamesAndTag() throws IOException {
        Path root = TestFiles.repoRoot();
        String version = chartAppVersion(root);
        Map<String, String> files = filesThatNameImages(root);
        List<String> problems = problems(files, version);
        assertThat(problems).as("image references that disagree with %s/danube-connect-*:%s", REGISTRY, version)
                .isEmpty();

        // Not vacuous: the places a user copies from do name the images.
        assertThat(references(files.get("Dockerfile"))).hasSize(3);
        assertThat(references(files.get("examples/testkit-broker.yaml"))).isNotEmpty();
        assertThat(references(files.get("docs/kubernetes.md"))).isNotEmpty();

        // The Dockerfile labels and build version of each target.
        String dockerfile = files.get("Dockerfile");
        for (String image : IMAGES) {
            String stage = stage(dockerfile, image);
            assertThat(stage).as("Dockerfile target %s", image)
                    .contains("ARG VERSION=" + version)
                    .contains("org.opencontainers.image.title=\"danube-connect-" + image + "\"");
        }

        // The chart's defaults (empty tag = appVersion) and the operator's default runtime image.
        JsonNode values = TestFiles.documents(root.resolve("helm/danube-connect-operator/values.yaml")).get(0);
        assertThat(values.path("image").path("repository").asText()).isEqualTo(REGISTRY + "/danube-connect-operator");
        assertThat(values.path("runtimeImage").path("repository").asText())
                .isEqualTo(REGISTRY + "/danube-connect-runtime");
        assertThat(values.path("image").path("tag").asText()).isEmpty();
        assertThat(values.path("runtimeImage").path("tag").asText()).isEmpty();
        String runtime = REGISTRY + "/danube-connect-runtime:" + version;
        assertThat(files.get("operator/src/main/resources/application.properties"))
                .contains("danube.operator.runtime-image=" + runtime);
        assertThat(ProductionSettings.settings().runtimeImage()).isEqualTo(runtime);
        try {
            assertThat(OperatorConfig.class.getMethod("runtimeImage").getAnnotation(WithDefault.class).value())
                    .isEqualTo(runtime);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theCheckCatchesAnotherTagAnotherRegistryAndAMissingLabel() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("docs/a.md", "docker build -t ghcr.io/danube-messaging/danube-connect-runtime:0.2.0 .");
        files.put("examples/b.yaml", "image: ghcr.io/someone-else/danube-connect-testkit:0.1.0");
        files.put("docs/c.md", "FROM registry.example.com/danube/danube-connect-runtime:0.1.0\n"
                + "image: registry.example.com/danube-connect-runtime-s3a:9.9.9");
        assertThat(problems(files, "0.1.0")).containsExactly(
                "docs/a.md: ghcr.io/danube-messaging/danube-connect-runtime:0.2.0 has tag 0.2.0, not 0.1.0",
                "examples/b.yaml: ghcr.io/someone-else/danube-connect-testkit:0.1.0 uses registry ghcr.io/someone-else, "
                        + "not " + REGISTRY);
        assertThat(stage("FROM jre-base AS runtime\nARG VERSION=0.1.0\nFROM jre-base AS operator\n", "runtime"))
                .contains("ARG VERSION=0.1.0").doesNotContain("operator");
    }

    static List<String> problems(Map<String, String> files, String version) {
        List<String> problems = new ArrayList<>();
        files.forEach((file, text) -> {
            for (Reference ref : references(text)) {
                if (!ref.suffix().isEmpty()) {
                    continue; // an image of the user's own, built FROM ours (e.g. danube-connect-runtime-s3a)
                }
                boolean tagVariable = ref.tag().equals("$VERSION") || ref.tag().equals("${VERSION}");
                if (!tagVariable && !ref.tag().equals(version)) {
                    problems.add(file + ": " + ref.text() + " has tag " + ref.tag() + ", not " + version);
                }
                if (ref.prefix().contains("ghcr.io") && !ref.prefix().equals(REGISTRY + "/")) {
                    problems.add(file + ": " + ref.text() + " uses registry "
                            + ref.prefix().substring(0, ref.prefix().length() - 1) + ", not " + REGISTRY);
                }
            }
        });
        return problems;
    }

    /** One image reference found in a text. */
    record Reference(String text, String prefix, String name, String suffix, String tag) {
    }

    private static List<Reference> references(String text) {
        List<Reference> found = new ArrayList<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            found.add(new Reference(m.group(), m.group("prefix") == null ? "" : m.group("prefix"), m.group("name"),
                    m.group("suffix"), m.group("tag")));
        }
        return found;
    }

    /** The lines of one Dockerfile stage, from its FROM to the next FROM. */
    static String stage(String dockerfile, String name) {
        StringBuilder body = new StringBuilder();
        boolean inside = false;
        for (String line : dockerfile.split("\n")) {
            if (line.startsWith("FROM ")) {
                inside = line.trim().toLowerCase().endsWith(" as " + name);
            }
            if (inside) {
                body.append(line).append('\n');
            }
        }
        return body.toString();
    }

    private static String chartAppVersion(Path root) {
        JsonNode chart = TestFiles.documents(root.resolve("helm/danube-connect-operator/Chart.yaml")).get(0);
        String version = chart.path("appVersion").asText();
        assertThat(version).as("Chart.yaml appVersion").matches("[0-9]+\\.[0-9]+\\.[0-9]+.*");
        return version;
    }

    /** Every text a user reads or copies image names from, by path relative to the repository. */
    private static Map<String, String> filesThatNameImages(Path root) throws IOException {
        List<Path> paths = new ArrayList<>(List.of(root.resolve("Dockerfile"), root.resolve("README.md"),
                root.resolve("operator/src/main/resources/application.properties")));
        for (String dir : List.of("docs", "examples", "scripts", "helm/danube-connect-operator", "connectors")) {
            try (Stream<Path> walk = Files.walk(root.resolve(dir))) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> p.toString().matches(".*\\.(md|ya?ml|sh|toml|txt|tpl)$"))
                        .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/src/test/"))
                        .forEach(paths::add);
            }
        }
        Map<String, String> files = new LinkedHashMap<>();
        for (Path p : new TreeSet<>(paths)) {
            try {
                files.put(root.relativize(p).toString(), Files.readString(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }
}
