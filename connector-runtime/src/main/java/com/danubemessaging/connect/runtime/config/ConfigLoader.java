package com.danubemessaging.connect.runtime.config;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.api.RetrySettings;
import com.danubemessaging.connect.api.SchemaMapping;
import com.danubemessaging.connect.api.UnknownKeys;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads a danube-connect-core {@code connector.toml}: parses the TOML, resolves {@code ${env:NAME}} placeholders,
 * applies the {@code DANUBE_SERVICE_URL} / {@code CONNECTOR_NAME} overrides, then validates the core keys and
 * reports every problem at once as a {@link ConfigValidationException}.
 *
 * <p>Unknown keys are collected in the configuration's {@link UnknownKeys} (the connector adds its own when it
 * initializes): warnings, as danube-connect-core ignores them, or errors under
 * {@code DANUBE_CONNECT_STRICT_CONFIG=true}. Values that came from {@code ${env:…}} placeholders never appear in
 * an error; they are masked.
 *
 * <p>The environment is passed in (not read from {@link System#getenv()}) so tests need not change the process's
 * environment.
 */
public final class ConfigLoader {

    private static final TomlMapper TOML = new TomlMapper();

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** A loader over the process environment. */
    public static ConfigLoader fromSystemEnv() {
        return new ConfigLoader(System.getenv());
    }

    /**
     * Loads {@code explicitPath} when given (the {@code --config} flag), else the file named by
     * {@code CONNECTOR_CONFIG_PATH}.
     */
    public LoadedConfig load(Path explicitPath) {
        Path path = explicitPath;
        if (path == null) {
            String fromEnv = env.get(RuntimeEnv.CONNECTOR_CONFIG_PATH);
            if (fromEnv == null || fromEnv.isBlank()) {
                throw new ConfigValidationException("(no file)", List.of(new ConfigError(
                        RuntimeEnv.CONNECTOR_CONFIG_PATH, "required: set it (or pass --config) to the connector.toml path")));
            }
            path = Path.of(fromEnv.trim());
        }
        return loadFile(path);
    }

    /** Loads one file. */
    public LoadedConfig loadFile(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigValidationException(path.toString(), List.of(new ConfigError(
                    RuntimeEnv.CONNECTOR_CONFIG_PATH, "file not found: " + path.toAbsolutePath())));
        } catch (IOException e) {
            throw new ConfigValidationException(path.toString(), List.of(new ConfigError(
                    RuntimeEnv.CONNECTOR_CONFIG_PATH, "cannot read " + path.toAbsolutePath() + ": " + e.getMessage())));
        }
        Path baseDir = path.toAbsolutePath().getParent();
        return parse(text, path.toString(), baseDir);
    }

    /**
     * Parses TOML text.
     *
     * @param sourceName shown in error messages (a file name)
     * @param baseDir    directory relative {@code schema_file} paths may be resolved against; may be null
     */
    public LoadedConfig parse(String toml, String sourceName, Path baseDir) {
        ObjectNode root = parseToml(toml, sourceName);
        PlaceholderResolver placeholders = new PlaceholderResolver(env);
        List<ConfigError> errors = new ArrayList<>(placeholders.resolveInPlace(root));
        applyOverride(root, "danube_service_url", RuntimeEnv.DANUBE_SERVICE_URL);
        applyOverride(root, "connector_name", RuntimeEnv.CONNECTOR_NAME);

        UnknownKeys unknownKeys = strict(errors) ? UnknownKeys.strict() : UnknownKeys.lenient();
        CoreConfigReader reader = new CoreConfigReader(root, baseDir, unknownKeys);
        String serviceUrl = reader.serviceUrl();
        String connectorName = reader.connectorName();
        RetrySettings retry = reader.retry();
        ProcessingSettings processing = reader.processing();
        List<SchemaMapping> schemas = reader.schemas();
        reader.reportMisplacedKeys();
        errors.addAll(reader.errors());
        if (unknownKeys.isStrict()) {
            unknownKeys.found().forEach(line -> errors.add(strictError(line)));
        }
        if (!errors.isEmpty()) {
            Map<String, String> secrets = placeholders.fromEnvironment();
            throw new ConfigValidationException(sourceName, errors.stream().map(e -> masked(e, secrets)).toList(),
                    unknownKeys.isStrict() ? List.of() : unknownKeys.found());
        }
        ConnectorConfig config = ConnectorConfig.builder()
                .serviceUrl(serviceUrl)
                .connectorName(connectorName)
                .instanceId(InstanceId.resolve(env))
                .retry(retry)
                .processing(processing)
                .schemas(schemas)
                .raw(root)
                .unknownKeys(unknownKeys)
                .placeholderValues(placeholders.fromEnvironment())
                .build();
        return new LoadedConfig(config, unknownKeys.found(), sourceName);
    }

    private boolean strict(List<ConfigError> errors) {
        String value = env.get(RuntimeEnv.STRICT_CONFIG);
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("false")) {
            return false;
        }
        if (value.trim().equalsIgnoreCase("true")) {
            return true;
        }
        errors.add(new ConfigError(RuntimeEnv.STRICT_CONFIG, "must be true or false (got \"" + value + "\")"));
        return false;
    }

    /** An unknown-key finding as a strict-mode error: {@code processing.batchsize: unknown key (did you mean …)}. */
    static ConfigError strictError(String finding) {
        int colon = finding.indexOf(": ");
        String reason = finding.substring(colon + 2).replace(", ignored", "");
        return new ConfigError(finding.substring(0, colon), reason + " [" + RuntimeEnv.STRICT_CONFIG + "=true]");
    }

    /**
     * The error without any value that came from an {@code ${env:…}} placeholder: every such value of 3 characters
     * or more, and the value of the key the error is about whatever its length.
     */
    private static ConfigError masked(ConfigError error, Map<String, String> secrets) {
        String reason = error.reason();
        String own = secrets.get(error.key());
        if (own != null && !own.isEmpty()) {
            reason = reason.replace("\"" + own + "\"", ConnectorConfig.MASKED)
                    .replace("got " + own + ")", "got " + ConnectorConfig.MASKED + ")");
        }
        reason = ConnectorConfig.maskValues(reason, secrets.values());
        return reason.equals(error.reason()) ? error
                : new ConfigError(error.key(), reason + " (the value comes from an ${env:…} placeholder)");
    }

    private void applyOverride(ObjectNode root, String key, String envName) {
        String value = env.get(envName);
        if (value != null && !value.isBlank()) {
            root.set(key, TextNode.valueOf(value.trim()));
        }
    }

    private static ObjectNode parseToml(String toml, String sourceName) {
        JsonNode tree;
        try {
            tree = TOML.readTree(toml);
        } catch (JsonProcessingException e) {
            throw new ConfigValidationException(sourceName, List.of(syntaxError(e)));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return TOML.createObjectNode();
        }
        return (ObjectNode) tree;
    }

    private static ConfigError syntaxError(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 1 ? "TOML syntax"
                : "TOML syntax, line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new ConfigError(where, e.getOriginalMessage());
    }
}
