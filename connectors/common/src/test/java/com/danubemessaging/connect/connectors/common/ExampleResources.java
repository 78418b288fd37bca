package com.danubemessaging.connect.connectors.common;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connector's view of an example custom resource under {@code examples/}: its {@code spec.config} becomes the
 * connector's tables, beside the core keys the operator renders, as in the rendered connector.toml.
 */
public final class ExampleResources {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ExampleResources() {
    }

    /** The repository's {@code examples/} directory, seen from a module two levels down. */
    public static Path examplesDir() {
        return Path.of("..", "..", "examples");
    }

    /** The config of the one connector document in {@code file}. */
    public static ConnectorConfig connectorConfig(Path file) {
        try (var parser = YAML.getFactory().createParser(Files.readString(file))) {
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (doc.path("kind").asText().startsWith("Danube")) {
                    ObjectNode raw = ((ObjectNode) doc.path("spec").path("config")).deepCopy();
                    String url = doc.path("spec").path("danube").path("serviceUrl").asText();
                    raw.put("danube_service_url", url);
                    raw.put("connector_name", doc.path("metadata").path("name").asText());
                    return ConnectorConfig.builder().serviceUrl(url)
                            .connectorName(doc.path("metadata").path("name").asText()).raw(raw).build();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no Danube connector document in " + file);
    }
}
