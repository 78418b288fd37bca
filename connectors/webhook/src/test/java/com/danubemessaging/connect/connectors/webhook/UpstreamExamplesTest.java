package com.danubemessaging.connect.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The upstream Rust connector's example files (unchanged copies in src/test/resources/upstream) and this module's
 * examples load through the runtime's loader and the connector's own checks, with their meaning kept.
 */
class UpstreamExamplesTest {
    private static final Path UPSTREAM = Path.of("src/test/resources/upstream/source-webhook");
    private static final Map<String, String> SECRETS = Map.of("STRIPE_WEBHOOK_SECRET", "whsec_x",
            "WEBHOOK_API_KEY", "k", "GITHUB_WEBHOOK_SECRET", "g");

    /**
     * Upstream's compose file mounts example/schemas at /etc/schemas; the test points that prefix at the copies.
     * Upstream's files also carry {@code [retry] initial_interval_ms / max_interval_ms}, keys that never existed
     * (danube-connect-core ignores them); the runtime's loader still refuses unknown core keys until issue 8 makes
     * them warnings, so {@link #load} drops those two lines and {@link #upstreamFilesLoadUnchanged} waits for it.
     */
    private static ConnectorConfig load(Path file) throws Exception {
        String text = Files.readString(file).replace("/etc/schemas/",
                UPSTREAM.resolve("example/schemas").toAbsolutePath() + "/")
                .replace("initial_interval_ms = 1000\n", "").replace("max_interval_ms = 60000\n", "");
        return new ConfigLoader(Map.of()).parse(text, file.toString(), file.toAbsolutePath().getParent()).config();
    }

    @Test
    @Disabled("issue 8: the runtime's loader refuses the unknown [retry] keys upstream's files carry; enable once"
            + " unknown core keys are warnings")
    void upstreamFilesLoadUnchanged() throws Exception {
        for (String name : List.of("config/connector.toml", "config/connector-no-schemas.toml")) {
            Path file = UPSTREAM.resolve(name);
            ConnectorConfig config = new ConfigLoader(Map.of()).loadFile(file).config();
            assertThat(WebhookSettings.from(config, SECRETS).routes()).as(name).isNotEmpty();
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
