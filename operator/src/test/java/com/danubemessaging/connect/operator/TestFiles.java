package com.danubemessaging.connect.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.danubemessaging.connect.operator.model.DanubeConnector;
import com.danubemessaging.connect.operator.model.DanubeSinkConnector;
import com.danubemessaging.connect.operator.model.DanubeSourceConnector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Paths and YAML helpers shared by the operator tests. */
public final class TestFiles {

    public static final ObjectMapper YAML = new YAMLMapper();

    private TestFiles() {
    }

    /** Root of the repository (set by surefire; falls back to the parent of the module directory). */
    public static Path repoRoot() {
        String root = System.getProperty("danube.repo.root");
        return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
    }

    /** The module's build directory, where QOSDK writes the generated CRDs (kubernetes/). */
    public static Path buildDir() {
        String dir = System.getProperty("danube.build.output");
        return dir != null ? Path.of(dir) : Path.of("target");
    }

    public static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All YAML documents of a file, as trees (empty documents skipped). */
    public static List<JsonNode> documents(Path path) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            try (var parser = new YAMLFactory().createParser(path.toFile())) {
                var it = YAML.readValues(parser, JsonNode.class);
                while (it.hasNext()) {
                    JsonNode node = it.next();
                    if (node != null && node.isObject() && !node.isEmpty()) {
                        docs.add(node);
                    }
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    public static boolean isConnector(JsonNode doc) {
        String kind = doc.path("kind").asText();
        return doc.path("apiVersion").asText().startsWith(DanubeConnector.GROUP + "/")
                && (kind.equals("DanubeSourceConnector") || kind.equals("DanubeSinkConnector"));
    }

    public static DanubeConnector connector(JsonNode doc) {
        String json = doc.toString();
        return doc.path("kind").asText().equals("DanubeSourceConnector")
                ? Serialization.unmarshal(json, DanubeSourceConnector.class)
                : Serialization.unmarshal(json, DanubeSinkConnector.class);
    }

    public static Secret secret(JsonNode doc) {
        return Serialization.unmarshal(doc.toString(), Secret.class);
    }

    /** A connector read from a YAML file with the namespace defaulted, as the API server would. */
    public static DanubeConnector connector(Path path, String namespace) {
        JsonNode doc = documents(path).stream().filter(TestFiles::isConnector).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no connector in " + path));
        ObjectNode meta = (ObjectNode) doc.path("metadata");
        if (!meta.has("namespace")) {
            meta.put("namespace", namespace);
        }
        return connector(doc);
    }
}
