package com.danubemessaging.connect.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.runtime.config.ConfigError;
import com.danubemessaging.connect.runtime.config.PlaceholderResolver;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a connector CR of the repository's {@code examples/} the way its pod would see it: {@code spec.config} as
 * the connector's tables, and the environment the operator gives the container from {@code spec.env} and
 * {@code spec.envFrom}, with the Secrets' keys from {@code examples/danube-secrets.yaml}. Every {@code ${env:…}}
 * placeholder must be satisfied by that environment, as the runtime requires at start.
 */
public final class ExampleResources {
    public static final Path EXAMPLES = Path.of("..", "examples");
    private static final ObjectMapper YAML = new YAMLMapper();

    /** What the connector of one example CR gets. */
    public record Example(ConnectorConfig config, Map<String, String> env) {
    }

    private ExampleResources() {
    }

    /** The connector CR named {@code name} in {@code file}, with placeholders resolved from its environment. */
    public static Example connector(String file, String name) {
        JsonNode cr = documents(EXAMPLES.resolve(file)).stream()
                .filter(d -> d.path("kind").asText().startsWith("Danube")
                        && d.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(file + " has no connector named " + name));
        Map<String, String> env = environment(cr.path("spec"));
        ObjectNode raw = ((ObjectNode) cr.path("spec").path("config")).deepCopy();
        List<ConfigError> missing = new PlaceholderResolver(env).resolveInPlace(raw);
        assertThat(missing).as(file + ": placeholders the pod's environment does not provide").isEmpty();
        ConnectorConfig config = ConnectorConfig.builder()
                .serviceUrl(cr.path("spec").path("danube").path("serviceUrl").asText())
                .connectorName(name).raw(raw).build();
        return new Example(config, env);
    }

    /** The env of the container: literal values, and one placeholder value per Secret key it references. */
    private static Map<String, String> environment(JsonNode spec) {
        Map<String, Map<String, String>> secrets = secrets();
        Map<String, String> env = new HashMap<>();
        for (JsonNode e : spec.path("env")) {
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            if (ref.isMissingNode()) {
                env.put(e.path("name").asText(), e.path("value").asText());
                continue;
            }
            Map<String, String> secret = secrets.get(ref.path("name").asText());
            assertThat(secret).as("Secret " + ref.path("name").asText() + " in danube-secrets.yaml").isNotNull();
            assertThat(secret).as("key of Secret " + ref.path("name").asText()).containsKey(ref.path("key").asText());
            env.put(e.path("name").asText(), secret.get(ref.path("key").asText()));
        }
        for (JsonNode from : spec.path("envFrom")) {
            String name = from.path("secretRef").path("name").asText();
            Map<String, String> secret = secrets.get(name);
            assertThat(secret).as("Secret " + name + " in danube-secrets.yaml").isNotNull();
            env.putAll(secret);
        }
        return env;
    }

    private static Map<String, Map<String, String>> secrets() {
        Map<String, Map<String, String>> secrets = new HashMap<>();
        for (JsonNode doc : documents(EXAMPLES.resolve("danube-secrets.yaml"))) {
            if (doc.path("kind").asText().equals("Secret")) {
                Map<String, String> data = new HashMap<>();
                doc.path("stringData").fields().forEachRemaining(f -> data.put(f.getKey(), f.getValue().asText()));
                secrets.put(doc.path("metadata").path("name").asText(), data);
            }
        }
        return secrets;
    }

    private static List<JsonNode> documents(Path file) {
        try (var parser = new YAMLFactory().createParser(Files.readString(file))) {
            List<JsonNode> docs = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }
}
