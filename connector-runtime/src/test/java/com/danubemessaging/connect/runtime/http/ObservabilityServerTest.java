package com.danubemessaging.connect.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.runtime.health.HealthState;
import com.danubemessaging.connect.runtime.metrics.ConnectorMetrics;
import com.danubemessaging.connect.runtime.metrics.ErrorType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ObservabilityServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ConnectorMetrics metrics;
    private HealthState health;
    private ObservabilityServer server;

    @BeforeEach
    void start() {
        metrics = new ConnectorMetrics("sink-a");
        health = new HealthState();
        server = ObservabilityServer.start("127.0.0.1", 0, metrics, health);
    }

    @AfterEach
    void stop() {
        server.close();
        metrics.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsAreScrapedWithRealTopicLabelsAndBoundedErrorTypes() throws Exception {
        metrics.setHealthy(true);
        for (int i = 0; i < 3; i++) {
            metrics.messageReceived("/default/orders");
        }
        metrics.messagesProcessed("/default/orders", 2);
        metrics.messagesProcessed("/default/payments", 5);
        metrics.messageFailed("/default/orders", ErrorType.INVALID_DATA);
        metrics.messageRetried("/default/orders");
        metrics.recordBatchSize("/default/orders", 3);
        metrics.recordProcessingDuration("/default/orders", Duration.ofMillis(12));
        metrics.inflightChanged("/default/orders", 4);
        metrics.inflightChanged("/default/orders", -1);

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        String body = response.body();
        assertThat(body)
                .contains("danube_connector_messages_received_total{connector=\"sink-a\",topic=\"/default/orders\"} 3.0")
                .contains("danube_connector_messages_processed_total{connector=\"sink-a\",topic=\"/default/orders\"} 2.0")
                .contains("danube_connector_messages_processed_total{connector=\"sink-a\",topic=\"/default/payments\"} 5.0")
                .contains("danube_connector_messages_failed_total{connector=\"sink-a\",error_type=\"invalid_data\",topic=\"/default/orders\"} 1.0")
                .contains("danube_connector_messages_retried_total{connector=\"sink-a\",topic=\"/default/orders\"} 1.0")
                .contains("danube_connector_batch_size_count{connector=\"sink-a\",topic=\"/default/orders\"} 1")
                .contains("danube_connector_batch_size_bucket{connector=\"sink-a\",topic=\"/default/orders\",le=\"5.0\"} 1")
                .contains("danube_connector_processing_duration_seconds_count{connector=\"sink-a\",topic=\"/default/orders\"} 1")
                .contains("danube_connector_processing_duration_seconds_bucket{connector=\"sink-a\",topic=\"/default/orders\",le=\"0.025\"} 1")
                .contains("danube_connector_inflight_messages{connector=\"sink-a\",topic=\"/default/orders\"} 3.0")
                .contains("danube_connector_health{connector=\"sink-a\"} 1.0")
                .doesNotContain("multi-topic");
    }

    @Test
    void errorTypesAreExactlyTheDocumentedSix() {
        for (ErrorType type : ErrorType.values()) {
            metrics.messageFailed("/a/b", type);
        }
        java.util.Set<String> labels = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("error_type=\"([a-z_]+)\"").matcher(metrics.scrape());
        while (m.find()) {
            labels.add(m.group(1));
        }
        // docs/configuration.md lists these, and only these
        assertThat(labels).containsExactlyInAnyOrder("fatal", "health_check", "configuration", "serialization",
                "invalid_data", "retryable");
    }

    @Test
    void readinessFollowsTheLifecycle() throws Exception {
        AtomicBoolean connected = new AtomicBoolean(false);
        health.clientConnected(connected::get);

        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(get("/health/ready").body()).isEqualTo("{\"status\":\"DOWN\",\"reason\":\"starting\"}");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);

        health.markStarted();
        assertThat(get("/health/ready").body()).contains("not connected to Danube");

        connected.set(true);
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}");

        health.connectorHealthy(false);
        assertThat(get("/health/ready").body()).contains("connector health check failing");
        health.connectorHealthy(true);

        health.markStopping();
        assertThat(get("/health/ready").body()).contains("shutting down");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);

        health.markFatal("database \"x\" gone");
        HttpResponse<String> live = get("/health/live");
        assertThat(live.statusCode()).isEqualTo(503);
        assertThat(live.body()).isEqualTo("{\"status\":\"DOWN\",\"reason\":\"fatal error: database \\\"x\\\" gone\"}");
    }

    @Test
    void unknownPathsAndMethodsAreRejected() throws Exception {
        assertThat(get("/metricsx").statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(404);
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build();
        assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    @Test
    void aTakenPortIsAClearError() {
        assertThatThrownBy(() -> ObservabilityServer.start("127.0.0.1", server.port(), metrics, health))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot listen on 127.0.0.1:" + server.port())
                .hasMessageContaining("[processing].metrics_port");
    }
}
