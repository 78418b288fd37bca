package com.danubemessaging.connect.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.api.RetrySettings;
import com.danubemessaging.connect.api.SchemaMapping;
import com.danubemessaging.connect.api.VersionStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String MINIMAL = """
            danube_service_url = "http://127.0.0.1:6650"
            connector_name = "test-connector"
            """;

    @TempDir
    Path dir;

    private static LoadedConfig parse(String toml) {
        return parse(toml, Map.of());
    }

    private static LoadedConfig parse(String toml, Map<String, String> env) {
        return new ConfigLoader(env).parse(toml, "connector.toml", null);
    }

    private static List<String> errorsOf(String toml) {
        return errorsOf(toml, Map.of());
    }

    private static List<String> errorsOf(String toml, Map<String, String> env) {
        try {
            parse(toml, env);
        } catch (ConfigValidationException e) {
            return e.errors().stream().map(ConfigError::toString).toList();
        }
        throw new AssertionError("expected a ConfigValidationException");
    }

    @Test
    void minimalFileGetsTheUpstreamDefaults() {
        ConnectorConfig config = parse(MINIMAL, Map.of(RuntimeEnv.INSTANCE_ID, "pod-a")).config();

        assertThat(config.serviceUrl()).isEqualTo("http://127.0.0.1:6650");
        assertThat(config.connectorName()).isEqualTo("test-connector");
        assertThat(config.instanceId()).isEqualTo("pod-a");
        assertThat(config.retry()).isEqualTo(new RetrySettings(3, 1000, 30000));
        ProcessingSettings processing = config.processing();
        assertThat(processing.batchSize()).isEqualTo(1000);
        assertThat(processing.batchTimeoutMs()).isEqualTo(1000);
        assertThat(processing.pollIntervalMs()).isEqualTo(100);
        assertThat(processing.metricsPort()).isEqualTo(9090);
        assertThat(processing.logLevel()).isEqualTo("info");
        assertThat(processing.healthCheckIntervalMs()).isEqualTo(30000);
        assertThat(processing.healthCheckFailureThreshold()).isEqualTo(3);
        assertThat(processing.deadLetterTopic()).isEmpty();
        assertThat(config.schemas()).isEmpty();
    }

    @Test
    void readsEveryCoreKey() throws IOException {
        Path schema = Files.writeString(dir.resolve("reading.json"), "{\"type\":\"object\"}");
        String toml = MINIMAL + """
                [retry]
                max_retries = 7
                retry_backoff_ms = 50
                max_backoff_ms = 800

                [processing]
                batch_size = 25
                batch_timeout_ms = 200
                poll_interval_ms = 10
                metrics_port = 9191
                log_level = "debug"
                health_check_interval_ms = 5000
                health_check_failure_threshold = 4
                dead_letter_topic = "/default/dlq"
                max_in_flight = 64

                [[schemas]]
                topic = "/iot/readings"
                subject = "readings"
                schema_type = "json"
                schema_file = "%s"
                auto_register = false
                version_strategy = { pinned = 2 }

                [[schemas]]
                topic = "/iot/logs"
                subject = "logs"
                schema_type = "string"
                schema_file = ""
                version_strategy = { minimum = 3 }

                [[schemas]]
                topic = "/iot/raw"
                subject = "raw"
                schema_type = "Bytes"
                schema_file = ""
                version_strategy = "latest"
                """.formatted(schema);

        ConnectorConfig config = parse(toml).config();

        assertThat(config.retry()).isEqualTo(new RetrySettings(7, 50, 800));
        assertThat(config.processing()).isEqualTo(new ProcessingSettings(25, 200, 10, 9191, "debug", 5000, 4,
                java.util.Optional.of("/default/dlq"), 64));
        assertThat(config.schemas()).containsExactly(
                new SchemaMapping("/iot/readings", "readings", "json_schema", java.util.Optional.of(schema), false,
                        VersionStrategy.pinned(2)),
                new SchemaMapping("/iot/logs", "logs", "string", java.util.Optional.empty(), true,
                        VersionStrategy.minimum(3)),
                new SchemaMapping("/iot/raw", "raw", "bytes", java.util.Optional.empty(), true,
                        VersionStrategy.latest()));
    }

    @Test
    void missingRootKeysAreReportedTogether() {
        assertThat(errorsOf("[processing]\nbatch_size = 0\n")).containsExactly(
                "danube_service_url: required",
                "connector_name: required",
                "processing.batch_size: must be > 0 (got 0)");
    }

    @Test
    void serviceUrlMustBeHttpOrHttps() {
        assertThat(errorsOf("danube_service_url = \"127.0.0.1:6650\"\nconnector_name = \"c\"\n"))
                .containsExactly("danube_service_url: must start with http:// or https:// (got \"127.0.0.1:6650\")");
        assertThat(errorsOf("danube_service_url = \"grpc://broker:6650\"\nconnector_name = \"c\"\n"))
                .singleElement().asString().startsWith("danube_service_url: must start with http:// or https://");
        assertThat(parse("danube_service_url = \"https://broker:6650\"\nconnector_name = \"c\"\n").config().serviceUrl())
                .isEqualTo("https://broker:6650");
    }

    @Test
    void retryLimitsAreChecked() {
        assertThat(errorsOf(MINIMAL + "[retry]\nmax_retries = 101\nretry_backoff_ms = 2000\nmax_backoff_ms = 100\n"))
                .containsExactly(
                        "retry.max_retries: must be <= 100 (got 101)",
                        "retry.max_backoff_ms: must be >= retry.retry_backoff_ms (2000) (got 100)");
        assertThat(errorsOf(MINIMAL + "[retry]\nmax_retries = -1\n"))
                .containsExactly("retry.max_retries: must be >= 0 (got -1)");
    }

    @Test
    void processingValuesAreChecked() {
        String toml = MINIMAL + """
                [processing]
                batch_size = "lots"
                batch_timeout_ms = 0
                metrics_port = 70000
                log_level = "verbose"
                health_check_failure_threshold = 0
                dead_letter_topic = "dlq"
                """;
        assertThat(errorsOf(toml)).containsExactly(
                "processing.batch_size: must be an integer (got \"lots\")",
                "processing.batch_timeout_ms: must be > 0 (got 0)",
                "processing.metrics_port: must be <= 65535 (got 70000)",
                "processing.log_level: unknown level \"verbose\" (expected one of trace, debug, info, warn, error, off)",
                "processing.health_check_failure_threshold: must be > 0 (got 0)",
                "processing.dead_letter_topic: must be /namespace/topic using letters, digits, _ and - (got \"dlq\")");
    }

    private static final String TYPOS = MINIMAL + """
            conector_name = "typo"
            [retry]
            max_retry = 5
            initial_interval_ms = 100

            [processing]
            batchsize = 10

            [procesing]
            batch_size = 20

            [[schema]]
            topic = "/a/b"
            """;

    @Test
    void unknownCoreKeysAndMisspeltTablesAreWarningsWithADidYouMeanHintAsUpstreamIgnoresThem() {
        LoadedConfig loaded = parse(TYPOS);
        assertThat(loaded.warnings()).containsExactly(
                "retry.max_retry: unknown key, ignored (did you mean retry.max_retries?)",
                "retry.initial_interval_ms: unknown key, ignored",
                "processing.batchsize: unknown key, ignored (did you mean processing.batch_size?)",
                "conector_name: unknown key, ignored (did you mean connector_name?)",
                "procesing: unknown table, ignored (did you mean [processing]?)",
                "schema: unknown table, ignored (did you mean [[schemas]]?)");
        // ignored means ignored: the defaults stay, as in danube-connect-core
        assertThat(loaded.config().retry().maxRetries()).isEqualTo(3);
        assertThat(loaded.config().processing().batchSize()).isEqualTo(1000);
        assertThat(loaded.config().connectorName()).isEqualTo("test-connector");
        assertThat(loaded.config().unknownKeys().isStrict()).isFalse();
    }

    @Test
    void strictConfigTurnsEveryUnknownKeyIntoAnErrorListedTogether() {
        assertThat(errorsOf(TYPOS, Map.of(RuntimeEnv.STRICT_CONFIG, "true"))).containsExactly(
                "retry.max_retry: unknown key (did you mean retry.max_retries?) [DANUBE_CONNECT_STRICT_CONFIG=true]",
                "retry.initial_interval_ms: unknown key [DANUBE_CONNECT_STRICT_CONFIG=true]",
                "processing.batchsize: unknown key (did you mean processing.batch_size?) "
                        + "[DANUBE_CONNECT_STRICT_CONFIG=true]",
                "conector_name: unknown key (did you mean connector_name?) [DANUBE_CONNECT_STRICT_CONFIG=true]",
                "procesing: unknown table (did you mean [processing]?) [DANUBE_CONNECT_STRICT_CONFIG=true]",
                "schema: unknown table (did you mean [[schemas]]?) [DANUBE_CONNECT_STRICT_CONFIG=true]");
        assertThat(parse(MINIMAL, Map.of(RuntimeEnv.STRICT_CONFIG, "true")).config().unknownKeys().isStrict())
                .isTrue();
        assertThat(parse(TYPOS, Map.of(RuntimeEnv.STRICT_CONFIG, "false")).warnings()).hasSize(6);
        assertThat(errorsOf(MINIMAL, Map.of(RuntimeEnv.STRICT_CONFIG, "yes")))
                .containsExactly("DANUBE_CONNECT_STRICT_CONFIG: must be true or false (got \"yes\")");
    }

    @Test
    void coreTablesMustBeTables() {
        assertThat(errorsOf(MINIMAL + "retry = 3\nschemas = \"none\"\n")).containsExactly(
                "retry: must be a table [retry] (got a number)",
                "schemas: must be an array of tables ([[schemas]]) (got a string)");
    }

    @Test
    void schemaEntriesAreValidatedWithTheirIndex() {
        String toml = MINIMAL + """
                [[schemas]]
                topic = "/ok/topic"
                subject = "s0"
                schema_type = "avro"
                schema_file = "/definitely/not/here.avsc"

                [[schemas]]
                topic = "bad topic"
                subject = "s1"
                schema_type = "xml"
                schema_file = ""

                [[schemas]]
                subject = "s2"
                schema_type = "json_schema"
                schema_file = ""
                auto_register = "yes"
                version_strategy = { pinned = 0 }

                [[schemas]]
                topic = "/ok/other"
                subject = "s3"
                schema_type = "string"
                version_strategy = "oldest"
                subjct = "typo"
                """;
        assertThat(errorsOf(toml)).containsExactly(
                "schemas[0].schema_file: file not found: /definitely/not/here.avsc",
                "schemas[1].topic: must be /namespace/topic using letters, digits, _ and - (got \"bad topic\")",
                "schemas[1].schema_type: unknown type \"xml\" (expected one of json_schema, json, string, number, bytes, avro, protobuf)",
                "schemas[2].topic: required",
                "schemas[2].schema_file: required for schema_type \"json_schema\" (a JSON Schema, Avro or Protobuf definition file)",
                "schemas[2].auto_register: must be true or false (got \"yes\")",
                "schemas[2].version_strategy.pinned: must be >= 1 (got 0)",
                "schemas[3].schema_file: required (use \"\" for string, number and bytes schemas)",
                "schemas[3].version_strategy: unknown strategy \"oldest\" (expected \"latest\", { pinned = N } or { minimum = N })");
    }

    @Test
    void duplicateSchemaTopicsAreRejected() {
        String toml = MINIMAL + """
                [[schemas]]
                topic = "/a/b"
                subject = "one"
                schema_type = "string"
                schema_file = ""

                [[schemas]]
                topic = "/a/b"
                subject = "two"
                schema_type = "number"
                schema_file = ""
                """;
        assertThat(errorsOf(toml)).containsExactly(
                "schemas[1].topic: duplicate of schemas[0].topic (\"/a/b\"); one schema per topic");
    }

    @Test
    void relativeSchemaFileIsFoundBesideTheTomlFile() throws IOException {
        Files.createDirectories(dir.resolve("schemas"));
        Path schema = Files.writeString(dir.resolve("schemas/event.avsc"), "{\"type\":\"record\"}");
        Path toml = Files.writeString(dir.resolve("connector.toml"), MINIMAL + """
                [[schemas]]
                topic = "/a/events"
                subject = "events"
                schema_type = "avro"
                schema_file = "schemas/event.avsc"
                """);

        ConnectorConfig config = new ConfigLoader(Map.of()).loadFile(toml).config();

        assertThat(config.schemas().get(0).schemaFile()).contains(schema.toAbsolutePath().normalize());
    }

    @Test
    void tomlSyntaxErrorsNameTheLine() {
        List<String> errors = errorsOf("danube_service_url = \"http://x:6650\"\nconnector_name = \n");
        assertThat(errors).singleElement().asString().startsWith("TOML syntax, line 2, column");
    }

    @Test
    void missingFileAndMissingPathAreClearErrors() {
        ConfigLoader loader = new ConfigLoader(Map.of());
        assertThatThrownBy(() -> loader.load(null))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("CONNECTOR_CONFIG_PATH: required");
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.toml")))
                .hasMessageContaining("CONNECTOR_CONFIG_PATH: file not found: " + dir.resolve("nope.toml"));
    }

    @Test
    void configPathComesFromTheEnvironment() throws IOException {
        Path toml = Files.writeString(dir.resolve("c.toml"), MINIMAL);
        LoadedConfig loaded = new ConfigLoader(Map.of(RuntimeEnv.CONNECTOR_CONFIG_PATH, toml.toString())).load(null);
        assertThat(loaded.config().connectorName()).isEqualTo("test-connector");
        assertThat(loaded.source()).isEqualTo(toml.toString());
    }

    @Test
    void envOverridesReplaceUrlAndName() {
        ConnectorConfig config = parse(MINIMAL, Map.of(
                RuntimeEnv.DANUBE_SERVICE_URL, "https://broker.prod:6650",
                RuntimeEnv.CONNECTOR_NAME, "renamed")).config();
        assertThat(config.serviceUrl()).isEqualTo("https://broker.prod:6650");
        assertThat(config.connectorName()).isEqualTo("renamed");
        assertThat(config.raw().get("connector_name").asText()).isEqualTo("renamed");
    }

    @Test
    void envOverridesSatisfyRequiredKeys() {
        ConnectorConfig config = parse("[processing]\nbatch_size = 5\n", Map.of(
                RuntimeEnv.DANUBE_SERVICE_URL, "http://b:6650", RuntimeEnv.CONNECTOR_NAME, "from-env")).config();
        assertThat(config.connectorName()).isEqualTo("from-env");
        assertThat(config.processing().batchSize()).isEqualTo(5);
    }

    @Test
    void placeholdersResolveAnywhereIncludingNumbersAndArrays() {
        String toml = MINIMAL + """
                [processing]
                metrics_port = "${env:METRICS_PORT}"

                [mqtt]
                broker_host = "${env:MQTT_HOST}"
                password = "${env:MQTT_PASSWORD}"
                url = "tcp://${env:MQTT_HOST}:${env:MQTT_PORT:-1883}"
                literal = "$${env:NOT_RESOLVED}"
                topics = ["${env:MQTT_TOPIC}", "fixed"]
                """;
        ConnectorConfig config = parse(toml, Map.of("METRICS_PORT", "9292", "MQTT_HOST", "mosquitto",
                "MQTT_PASSWORD", "s3cr\"et", "MQTT_TOPIC", "sensors/#")).config();

        assertThat(config.processing().metricsPort()).isEqualTo(9292);
        assertThat(config.raw().at("/mqtt/broker_host").asText()).isEqualTo("mosquitto");
        assertThat(config.raw().at("/mqtt/password").asText()).isEqualTo("s3cr\"et");
        assertThat(config.raw().at("/mqtt/url").asText()).isEqualTo("tcp://mosquitto:1883");
        assertThat(config.raw().at("/mqtt/literal").asText()).isEqualTo("${env:NOT_RESOLVED}");
        assertThat(config.raw().at("/mqtt/topics/0").asText()).isEqualTo("sensors/#");
    }

    @Test
    void missingPlaceholderVariablesAreAllReportedWithoutValues() {
        String toml = MINIMAL + """
                [mqtt]
                password = "${env:MQTT_PASSWORD}"
                [[mqtt.routes]]
                from = "${env:ROUTE_FROM}"
                """;
        assertThat(errorsOf(toml, Map.of("UNRELATED", "x"))).containsExactly(
                "mqtt.password: environment variable MQTT_PASSWORD is not set (placeholder ${env:MQTT_PASSWORD})",
                "mqtt.routes[0].from: environment variable ROUTE_FROM is not set (placeholder ${env:ROUTE_FROM})");
    }

    @Test
    void resolvedSecretsNeverAppearInValidationErrors() {
        String toml = """
                danube_service_url = "${env:URL}"
                connector_name = "c"
                """;
        ConfigValidationException error = catchValidation(toml, Map.of("URL", "ftp://user:hunter2@host"));
        assertThat(error.errors()).singleElement().asString().isEqualTo("danube_service_url: must start with "
                + "http:// or https:// (got <masked>) (the value comes from an ${env:…} placeholder)");
        assertThat(error.getMessage()).doesNotContain("hunter2");
        assertThat(errorsOf(MINIMAL + "[mqtt]\npassword = \"${env:PW}\"\n[processing]\nbatch_size = 0\n",
                Map.of("PW", "hunter2"))).noneMatch(e -> e.contains("hunter2"));
        // a bad value in a placeholder: the error names the key and the reason, never the value, however short
        assertThat(errorsOf(MINIMAL + "[processing]\nbatch_size = \"${env:SIZE}\"\nmetrics_port = \"${env:PORT}\"\n"
                        + "dead_letter_topic = \"${env:DLQ}\"\n",
                Map.of("SIZE", "s3cr3t-token", "PORT", "-1", "DLQ", "/x/y/s3cr3t")))
                .containsExactly(
                        "processing.batch_size: must be an integer (got <masked>) (the value comes from an ${env:…}"
                                + " placeholder)",
                        "processing.metrics_port: must be >= 0 (got <masked>) (the value comes from an ${env:…}"
                                + " placeholder)",
                        "processing.dead_letter_topic: must be /namespace/topic using letters, digits, _ and - (got"
                                + " <masked>) (the value comes from an ${env:…} placeholder)");
    }

    @Test
    void rootLevelCoreKeysProduceAWarning() {
        LoadedConfig loaded = parse(MINIMAL + "metrics_port = 9091\n");
        assertThat(loaded.warnings()).containsExactly("metrics_port: ignored at the top level; it belongs in [processing]");
        assertThat(loaded.config().processing().metricsPort()).isEqualTo(9090);
    }

    @Test
    void rustStyleLogDirectivesAreAccepted() {
        assertThat(parse(MINIMAL + "[processing]\nlog_level = \"info,danube_connect_core=debug\"\n")
                .config().processing().logLevel()).isEqualTo("info");
        assertThat(parse(MINIMAL + "[processing]\nlog_level = \"WARN\"\n").config().processing().logLevel())
                .isEqualTo("warn");
    }

    private static ConfigValidationException catchValidation(String toml, Map<String, String> env) {
        try {
            parse(toml, env);
        } catch (ConfigValidationException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigValidationException");
    }
}
