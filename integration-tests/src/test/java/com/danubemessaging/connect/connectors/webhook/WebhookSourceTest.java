package com.danubemessaging.connect.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.connectors.file.RunningConnector;
import com.danubemessaging.connect.runtime.RuntimeHarness;
import com.danubemessaging.connect.connectors.common.TlsContexts;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.TestCertificates;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * source-webhook in the real source runtime against the testkit broker: each auth mode accepts the right request
 * and refuses a wrong one, each limit answers as documented, and a 200 comes only once Danube has the message —
 * when it cannot be published the answer is 503 with Retry-After, never 200.
 */
class WebhookSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String HMAC_SECRET = "whsec_test_signing_secret";
    private static final String JWT_SECRET = "a-jwt-secret-of-at-least-32-bytes!!";
    private static final Map<String, String> ENV = Map.of("WEBHOOK_API_KEY", "key-123", "WEBHOOK_HMAC", HMAC_SECRET,
            "WEBHOOK_JWT", JWT_SECRET);

    @TempDir
    Path dir;

    private DanubeTestBroker broker;
    private final List<RuntimeHarness> running = new ArrayList<>();

    @BeforeEach
    void startBroker() {
        broker = DanubeTestBroker.builder().build().start();
    }

    @AfterEach
    void stopAll() {
        running.forEach(RuntimeHarness::close);
        broker.close();
    }

    /** Starts the connector and returns its base URL. */
    private String start(String auth, String extra) {
        String toml = """
                danube_service_url = "%s"
                connector_name = "webhook-test"

                [retry]
                retry_backoff_ms = 50
                max_backoff_ms = 200

                [processing]
                batch_size = 50
                poll_interval_ms = 10
                metrics_port = 0

                [server]
                host = "127.0.0.1"
                port = 0
                timeout_seconds = 2
                max_body_size = 64

                [auth]
                %s

                [[routes]]
                from = "/hooks/orders"
                to = "/default/orders"
                reliable_dispatch = true

                [[routes]]
                from = "/hooks/limited"
                to = "/default/limited"
                reliable_dispatch = true
                [routes.rate_limit]
                requests_per_second = 0.5
                burst_size = 2

                %s
                """.formatted(broker.serviceUrl(), auth, extra);
        ConnectorConfig config = RunningConnector.config("source-webhook", toml, dir);
        WebhookSource source = new WebhookSource(ENV);
        RuntimeHarness harness = RuntimeHarness.start(config, source);
        running.add(harness);
        await("webhook listening").atMost(WAIT).until(() -> harness.ready() && source.port() > 0);
        return "http://127.0.0.1:" + source.port();
    }

    private static HttpResponse<String> post(String url, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> stored(String topic) {
        return broker.messages(topic).stream().map(m -> m.getPayload().toStringUtf8()).toList();
    }

    private static String hmac(String algorithm, String secret, String content) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
        return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void noAuthAcceptsAndA200MeansTheMessageIsInDanube() throws Exception {
        String url = start("type = \"none\"", "") + "/hooks/orders";
        HttpResponse<String> response = post(url, "{\"order\":1}", "content-type", "application/json",
                "user-agent", "test-agent", "x-forwarded-for", "203.0.113.7, 10.0.0.1");
        assertThat(response.statusCode()).isEqualTo(200);
        // answered only after the broker acknowledged: the message is already stored when the 200 arrives
        assertThat(stored("/default/orders")).containsExactly("{\"order\":1}");
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("status").asText()).isEqualTo("accepted");
        assertThat(answer.get("topic").asText()).isEqualTo("/default/orders");
        Map<String, String> attributes = broker.messages("/default/orders").get(0).getAttributesMap();
        assertThat(attributes).containsEntry("webhook.source", "webhook-test")
                .containsEntry("webhook.endpoint", "/hooks/orders").containsEntry("webhook.ip", "203.0.113.7")
                .containsEntry("webhook.user_agent", "test-agent")
                .containsEntry("webhook.content_type", "application/json").containsKey("webhook.timestamp");

        assertThat(post(url, "plain text").statusCode()).isEqualTo(200);
        JsonNode envelope = JSON.readTree(stored("/default/orders").get(1));
        assertThat(envelope.get("encoding").asText()).isEqualTo("base64");
    }

    @Test
    void apiKeyAcceptsTheKeyAndRefusesAWrongOrMissingOne() throws Exception {
        String url = start("""
                type = "apikey"
                secret_env = "WEBHOOK_API_KEY"
                header = "x-api-key"
                """, "") + "/hooks/orders";
        assertThat(post(url, "{\"k\":1}", "x-api-key", "key-123").statusCode()).isEqualTo(200);
        HttpResponse<String> wrong = post(url, "{\"k\":2}", "x-api-key", "key-124");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).get("message").asText()).isEqualTo("invalid API key");
        assertThat(wrong.body()).doesNotContain("key-123");
        assertThat(post(url, "{\"k\":3}").statusCode()).isEqualTo(401);
        assertThat(stored("/default/orders")).containsExactly("{\"k\":1}");
    }

    @Test
    void hmacVerifiesTheRawBodyInAllThreeHeaderForms() throws Exception {
        String url = start("""
                type = "hmac"
                secret_env = "WEBHOOK_HMAC"
                header = "x-hub-signature-256"
                algorithm = "sha256"
                """, "") + "/hooks/orders";
        String body = "{\"action\":\"opened\"}";
        String signature = hmac("HmacSHA256", HMAC_SECRET, body);
        assertThat(post(url, body, "x-hub-signature-256", "sha256=" + signature).statusCode()).isEqualTo(200);
        assertThat(post(url, body, "x-hub-signature-256", signature).statusCode()).isEqualTo(200);
        HttpResponse<String> tampered = post(url, body.replace("opened", "closed"), "x-hub-signature-256",
                "sha256=" + signature);
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(tampered.body()).contains("signature does not match the body");
        assertThat(post(url, body, "x-hub-signature-256", "sha256=" + hmac("HmacSHA256", "other", body))
                .statusCode()).isEqualTo(401);
        assertThat(post(url, body, "x-hub-signature-256", "sha512=" + signature).statusCode()).isEqualTo(401);
        assertThat(post(url, body).statusCode()).isEqualTo(401);

        // Stripe's form: t=<unix time>,v1=<hmac of "t.body">, refused outside the tolerance (replay)
        long now = Instant.now().getEpochSecond();
        String stripe = "t=" + now + ",v1=" + hmac("HmacSHA256", HMAC_SECRET, now + "." + body);
        assertThat(post(url, body, "x-hub-signature-256", stripe).statusCode()).isEqualTo(200);
        long old = now - 3600;
        HttpResponse<String> replay = post(url, body, "x-hub-signature-256",
                "t=" + old + ",v1=" + hmac("HmacSHA256", HMAC_SECRET, old + "." + body));
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("tolerance 300 s");
        assertThat(stored("/default/orders")).hasSize(3);
    }

    @Test
    void hmacSha512WithATimestampHeaderRefusesAnOldTimestamp() throws Exception {
        String url = start("""
                type = "hmac"
                secret_env = "WEBHOOK_HMAC"
                header = "x-signature"
                algorithm = "sha512"
                timestamp_header = "x-timestamp"
                timestamp_tolerance_secs = 60
                """, "") + "/hooks/orders";
        String body = "{\"n\":1}";
        long now = Instant.now().getEpochSecond();
        assertThat(post(url, body, "x-signature", hmac("HmacSHA512", HMAC_SECRET, now + "." + body),
                "x-timestamp", Long.toString(now)).statusCode()).isEqualTo(200);
        long old = now - 120;
        assertThat(post(url, body, "x-signature", hmac("HmacSHA512", HMAC_SECRET, old + "." + body),
                "x-timestamp", Long.toString(old)).statusCode()).isEqualTo(401);
        // the timestamp is signed: moving it forward breaks the signature
        assertThat(post(url, body, "x-signature", hmac("HmacSHA512", HMAC_SECRET, old + "." + body),
                "x-timestamp", Long.toString(now)).statusCode()).isEqualTo(401);
        assertThat(stored("/default/orders")).hasSize(1);
    }

    @Test
    void jwtAcceptsAValidTokenAndRefusesAForgedOrExpiredOne() throws Exception {
        String url = start("""
                type = "jwt"
                secret_env = "WEBHOOK_JWT"
                """, "") + "/hooks/orders";
        assertThat(post(url, "{}", "authorization", "Bearer " + jwt(JWT_SECRET, "svc", 300)).statusCode())
                .isEqualTo(200);
        assertThat(post(url, "{}", "authorization", "Bearer " + jwt("another-secret-of-at-least-32-bytes!!", "svc",
                300)).statusCode()).isEqualTo(401);
        HttpResponse<String> expired = post(url, "{}", "authorization", "Bearer " + jwt(JWT_SECRET, "svc", -600));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("Expired JWT");
        assertThat(post(url, "{}", "authorization", "Bearer " + jwt(JWT_SECRET, null, 300)).statusCode())
                .as("upstream requires sub").isEqualTo(401);
        assertThat(post(url, "{}", "authorization", "Bearer not.a.jwt").statusCode()).isEqualTo(401);
        assertThat(post(url, "{}").statusCode()).isEqualTo(401);
        assertThat(stored("/default/orders")).hasSize(1);
    }

    private static String jwt(String secret, String subject, long expiresInSeconds) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .expirationTime(Date.from(Instant.now().plusSeconds(expiresInSeconds)));
        if (subject != null) {
            claims.subject(subject);
        }
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        token.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return token.serialize();
    }

    @Test
    void limitsAnswer404_405_413_429AndTheProbesAnswer() throws Exception {
        String base = start("type = \"none\"", "");
        assertThat(get(base + "/health").statusCode()).isEqualTo(200);
        assertThat(get(base + "/ready").statusCode()).isEqualTo(200);
        assertThat(post(base + "/hooks/unknown", "{}").statusCode()).isEqualTo(404);
        HttpResponse<String> getOnRoute = get(base + "/hooks/orders");
        assertThat(getOnRoute.statusCode()).isEqualTo(405);
        assertThat(getOnRoute.headers().firstValue("allow")).hasValue("POST");

        String big = "x".repeat(65);
        assertThat(post(base + "/hooks/orders", big).statusCode()).as("Content-Length over the limit").isEqualTo(413);
        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/hooks/orders"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        big.getBytes(StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as("chunked body over the limit").isEqualTo(413);
        assertThat(post(base + "/hooks/orders", "y".repeat(64)).statusCode()).isEqualTo(200);

        // burst 2, then one request per 2 s
        assertThat(post(base + "/hooks/limited", "{}").statusCode()).isEqualTo(200);
        assertThat(post(base + "/hooks/limited", "{}").statusCode()).isEqualTo(200);
        HttpResponse<String> limited = post(base + "/hooks/limited", "{}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("retry-after")).hasValueSatisfying(
                v -> assertThat(Integer.parseInt(v)).isBetween(1, 2));
        // the other route has no limit
        assertThat(post(base + "/hooks/orders", "{}").statusCode()).isEqualTo(200);
        assertThat(stored("/default/limited")).hasSize(2);
    }

    @Test
    void aBodyThatDoesNotFitTheTopicsSchemaIsInvalidData422AndCounted() throws Exception {
        String base = start("type = \"none\"", """
                [[routes]]
                from = "/hooks/metrics"
                to = "/default/metrics"
                reliable_dispatch = true

                [[schemas]]
                topic = "/default/metrics"
                subject = "metric-value"
                schema_type = "number"
                schema_file = ""
                """);
        assertThat(post(base + "/hooks/metrics", "21.5").statusCode()).isEqualTo(200);
        HttpResponse<String> invalid = post(base + "/hooks/metrics", "{\"not\":\"a number\"}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(invalid.body()).get("error").asText()).isEqualTo("invalid_data");
        assertThat(post(base + "/hooks/metrics", "7").statusCode()).isEqualTo(200);
        assertThat(stored("/default/metrics")).containsExactly("21.5", "7");
        assertThat(running.get(0).counter("danube.connector.messages.failed", "/default/metrics", "serialization"))
                .isEqualTo(1);
    }

    @Test
    void httpsServesTheConfiguredCertificate() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir.resolve("tls"));
        String toml = """
                danube_service_url = "%s"
                connector_name = "webhook-tls"

                [processing]
                metrics_port = 0

                [server]
                host = "127.0.0.1"
                port = 0
                tls_cert_path = "%s"
                tls_key_path = "%s"

                [auth]
                type = "none"

                [[routes]]
                from = "/hooks/secure"
                to = "/default/secure"
                reliable_dispatch = true
                """.formatted(broker.serviceUrl(), certs.serverCert(), certs.serverKey());
        WebhookSource source = new WebhookSource(ENV);
        RuntimeHarness harness = RuntimeHarness.start(RunningConnector.config("source-webhook", toml, dir), source);
        running.add(harness);
        await().atMost(WAIT).until(() -> harness.ready() && source.port() > 0);
        HttpClient https = HttpClient.newBuilder().sslContext(TlsContexts.client(certs.caCert().toString(),
                "test", null)).build();
        HttpResponse<String> response = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                + source.port() + "/hooks/secure")).POST(HttpRequest.BodyPublishers.ofString("{\"tls\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(stored("/default/secure")).containsExactly("{\"tls\":true}");
    }

    @Test
    void whileDanubeIsDownTheAnswerIs503WithRetryAfterNever200() throws Exception {
        String url = start("type = \"none\"", "") + "/hooks/orders";
        assertThat(post(url, "{\"before\":true}").statusCode()).isEqualTo(200);

        broker.stop();
        List<CompletableFuture<HttpResponse<String>>> during = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            during.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"during\":" + i + "}")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : during) {
            HttpResponse<String> response = f.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("retry-after")).hasValue("5");
        }
        HttpResponse<String> ready = get(url.replace("/hooks/orders", "/ready"));
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("waiting for Danube");

        broker.restart();
        await("publishing again").atMost(WAIT).until(() -> post(url, "{\"after\":true}").statusCode() == 200);
        assertThat(stored("/default/orders")).contains("{\"before\":true}", "{\"after\":true}");
    }
}
