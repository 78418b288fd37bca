package com.danubemessaging.connect.connectors.file;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the example custom resources users copy (examples/*.yaml): the {@code spec.config} of a connector resource
 * as the connector.toml the runtime loads, and the string data of the example Secrets as the environment the
 * operator gives the pod.
 */
public final class ExampleResources {
    private static final YAMLMapper YAML = new YAMLMapper();

    private ExampleResources() {
    }

    /** examples/NAME of the repository. */
    public static Path file(String name) {
        Path here = Path.of("").toAbsolutePath();
        Path root = here.getFileName().toString().equals("integration-tests") ? here.getParent() : here;
        return root.resolve("examples").resolve(name);
    }

    /** The document of {@code kind} in a multi-document YAML file. */
    public static JsonNode document(Path file, String kind) throws IOException {
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            for (var docs = YAML.readValues(parser, JsonNode.class); docs.hasNext(); ) {
                JsonNode doc = docs.next();
                if (doc != null && kind.equals(doc.path("kind").asText())) {
                    return doc;
                }
            }
        }
        throw new AssertionError(file + " has no " + kind);
    }

    /** {@code stringData} of every Secret in the file, by Secret name. */
    public static Map<String, Map<String, String>> secrets(Path file) throws IOException {
        Map<String, Map<String, String>> secrets = new HashMap<>();
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            for (var docs = YAML.readValues(parser, JsonNode.class); docs.hasNext(); ) {
                JsonNode doc = docs.next();
                if (doc != null && "Secret".equals(doc.path("kind").asText())) {
                    Map<String, String> data = new HashMap<>();
                    doc.path("stringData").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
                    secrets.put(doc.path("metadata").path("name").asText(), data);
                }
            }
        }
        return secrets;
    }

    /**
     * The connector's {@code spec.config} written as the TOML tables beside the core keys, loaded by the runtime's
     * loader with {@code env} (which resolves the {@code ${env:...}} placeholders).
     */
    public static ConnectorConfig config(JsonNode resource, String serviceUrl, Map<String, String> env)
            throws IOException {
        ObjectNode root = ((ObjectNode) resource.path("spec").path("config")).deepCopy();
        root.put("danube_service_url", serviceUrl);
        root.put("connector_name", resource.path("metadata").path("name").asText());
        String toml = new TomlMapper().writeValueAsString(root);
        return new ConfigLoader(env).parse(toml, "spec.config", null).config();
    }

    /** The env vars of {@code spec.env} whose values come from the Secrets' {@code secretKeyRef}s. */
    public static Map<String, String> env(JsonNode resource, Map<String, Map<String, String>> secrets) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode var : resource.path("spec").path("env")) {
            JsonNode ref = var.path("valueFrom").path("secretKeyRef");
            String value = ref.isMissingNode() ? var.path("value").asText()
                    : secrets.getOrDefault(ref.path("name").asText(), Map.of()).get(ref.path("key").asText());
            if (value != null) {
                env.put(var.path("name").asText(), value);
            }
        }
        return env;
    }
}
