package com.danubemessaging.connect.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import com.danubemessaging.connect.runtime.config.ConfigValidationException;
import com.danubemessaging.connect.runtime.config.RuntimeEnv;
import com.danubemessaging.connect.runtime.config.UnknownKeysReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The upstream Rust connector's example files (unchanged copies in src/test/resources/upstream) and this module's
 * examples load through the runtime's loader and the connector's own checks, with their meaning kept.
 */
class UpstreamExamplesTest {
    private static final Path UPSTREAM = Path.of("src/test/resources/upstream/source-webhook");
    private static final Map<String, String> SECRETS = Map.of("STRIPE_WEBHOOK_SECRET", "whsec_x",
            "WEBHOOK_API_KEY", "k", "GITHUB_WEBHOOK_SECRET", "g");

    /** Upstream's compose file mounts example/schemas at /etc/schemas; the test points that prefix at the copies. */
    private static ConnectorConfig load(Path file) throws Exception {
        String text = Files.readString(file).replace("/etc/schemas/",
                UPSTREAM.resolve("example/schemas").toAbsolutePath() + "/");
        return new ConfigLoader(Map.of()).parse(text, file.toString(), file.toAbsolutePath().getParent()).config();
    }

    /**
     * Upstream's files carry {@code [retry] initial_interval_ms / max_interval_ms}, keys danube-connect-core never
     * had and ignores: they load, and those two (nothing else) are reported. Under DANUBE_CONNECT_STRICT_CONFIG=true the same file is refused, naming both.
     */
    @Test
    void upstreamFilesLoadUnchanged() throws Exception {
        for (String name : List.of("config/connector.toml", "config/connector-no-schemas.toml")) {
            Path file = UPSTREAM.resolve(name);
            ConnectorConfig config = new ConfigLoader(Map.of()).loadFile(file).config();
            WebhookSource source = new WebhookSource(SECRETS);
            source.initialize(config);
            UnknownKeysReport.afterInitialize(config);
            assertThat(source.producerConfigs()).as(name).isNotEmpty();
            assertThat(config.unknownKeys().found()).as(name).containsExactly(
                    "retry.initial_interval_ms: unknown key, ignored",
                    "retry.max_interval_ms: unknown key, ignored");
            assertThat(config.retry().retryBackoffMs()).as(name).isEqualTo(1000);
            assertThatThrownBy(() -> new ConfigLoader(Map.of(RuntimeEnv.STRICT_CONFIG, "true")).loadFile(file))
                    .isInstanceOf(ConfigValidationException.class)
                    .hasMessageContaining("retry.initial_interval_ms: unknown key")
                    .hasMessageContaining("retry.max_interval_ms: unknown key");
        }
    }

    @Test
    void theStripeHmacExampleLoads() throws Exception {
        ConnectorConfig config = load(UPSTREAM.resolve("config/connector.toml"));
        WebhookSettings s = WebhookSettings.from(config, SECRETS);
        assertThat(s.auth().type()).isEqualTo(WebhookSettings.AuthType.HMAC);
        assertThat(s.auth().header()).isEqualTo("Stripe-Signature");
        assertThat(s.rateLimit().requestsPerSecond()).isEqualTo(1000);
        assertThat(s.routes()).extracting(r -> r.from() + ">" + r.to() + ":" + r.partitions() + ":"
                + r.reliableDispatch()).containsExactly("/webhooks/payments>/stripe/payments:2:true",
                "/webhooks/customers>/stripe/customers:2:false", "/webhooks/subscriptions>/stripe/subscriptions:0:true");
        assertThat(config.schemas()).hasSize(3);
        WebhookSource source = new WebhookSource(SECRETS);
        source.initialize(config);
        assertThat(source.producerConfigs()).hasSize(3);
    }

    @Test
    void anUnknownKeyOrTableOfTheConnectorIsReportedAfterInitializeWithAHint() throws Exception {
        String text = Files.readString(UPSTREAM.resolve("config/connector-no-schemas.toml"))
                .replace("[server]", "[server]\nmax_body = 5").replace("[auth]", "[[routs]]\nfrom = \"/x\"\n[auth]");
        ConnectorConfig config = new ConfigLoader(Map.of()).parse(text, "c.toml", null).config();
        new WebhookSource(SECRETS).initialize(config);
        UnknownKeysReport.afterInitialize(config);
        assertThat(config.unknownKeys().found()).contains(
                "server.max_body: unknown key, ignored (did you mean server.max_body_size?)",
                "routs: unknown table, ignored (did you mean [routes]?)");

        ConnectorConfig strict = new ConfigLoader(Map.of(RuntimeEnv.STRICT_CONFIG, "true"))
                .parse(text.replace("initial_interval_ms = 1000\n", "").replace("max_interval_ms = 60000\n", ""),
                        "c.toml", null).config();
        new WebhookSource(SECRETS).initialize(strict);
        assertThatThrownBy(() -> UnknownKeysReport.afterInitialize(strict))
                .hasMessage("server.max_body: unknown key (did you mean server.max_body_size?); routs: unknown table"
                        + " (did you mean [routes]?) [DANUBE_CONNECT_STRICT_CONFIG=true]");
    }

    @Test
    void theOtherUpstreamExamplesLoad() throws Exception {
        WebhookSettings noSchemas = WebhookSettings.from(load(UPSTREAM.resolve("config/connector-no-schemas.toml")),
                SECRETS);
        assertThat(noSchemas.auth().type()).isEqualTo(WebhookSettings.AuthType.NONE);
        assertThat(noSchemas.rateLimit()).isNull();
        WebhookSettings example = WebhookSettings.from(load(UPSTREAM.resolve("example/connector.toml")), SECRETS);
        assertThat(example.rateLimit().perIpEnabled()).isTrue();
        assertThat(example.rateLimit().perIpRequestsPerSecond()).isEqualTo(10);
        assertThat(example.routes()).hasSize(4);
    }

    @Test
    void thisModulesExamplesLoad() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("examples"))) {
            files = list.filter(p -> p.toString().endsWith(".toml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(2);
        for (Path file : files) {
            ConnectorConfig config = new ConfigLoader(Map.of()).loadFile(file).config();
            WebhookSource source = new WebhookSource(SECRETS);
            source.initialize(config);
            assertThat(source.producerConfigs()).as(file.toString()).isNotEmpty();
        }
    }
}
