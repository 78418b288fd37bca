package com.danubemessaging.connect.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConfigurationException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad [http] table stops the connector at start, naming the key and the reason (never a header value). */
class HttpSinkSettingsTest {

    private static Map<String, Object> route(Map<String, Object> overrides) {
        Map<String, Object> route = new HashMap<>(Map.of("from", "/default/a", "subscription", "s",
                "to", "https://api.example.com/in?token=abc"));
        route.putAll(overrides);
        return route;
    }

    private static HttpSinkSettings settings(Map<String, Object> table) {
        Map<String, Object> t = new HashMap<>(Map.of("routes", List.of(route(Map.of()))));
        t.putAll(table);
        return HttpSinkSettings.from(HttpSinkTest.config(t));
    }

    @Test
    void defaults() {
        HttpSinkSettings s = settings(Map.of());
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.maxInFlight()).isEqualTo(8);
        assertThat(s.maxRetries()).isEqualTo(3);
        assertThat(s.retryBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.includeDanubeMetadata()).isFalse();
        HttpRoute r = s.routes().get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.mode()).isEqualTo(BodyMode.RECORD);
        assertThat(r.headers()).isEmpty();
        assertThat(r.redactedUrl()).isEqualTo("https://api.example.com/in?…");
        assertThat(s.toString()).doesNotContain("token=abc");
    }

    @Test
    void routeHeadersOverrideTableHeadersCaseInsensitively() {
        HttpSinkSettings s = HttpSinkSettings.from(HttpSinkTest.config(Map.of(
                "headers", Map.of("authorization", "Bearer a", "X-A", "1"),
                "routes", List.of(route(Map.of("headers", Map.of("Authorization", "Bearer b")))))));
        assertThat(s.routes().get(0).headers()).containsOnly(Map.entry("X-A", "1"),
                Map.entry("Authorization", "Bearer b"));
        assertThat(s.routes().get(0).toString()).doesNotContain("Bearer");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> settings(Map.of("routes", List.of())))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("http.routes: at least one");
        assertThatThrownBy(() -> settings(Map.of("routes", List.of(route(Map.of("to", " "))))))
                .hasMessage("http.routes[0].to: required");
        assertThatThrownBy(() -> settings(Map.of("routes", List.of(route(Map.of("to", "ftp://x/y"))))))
                .hasMessage("http.routes[0].to: must be an http:// or https:// URL");
        assertThatThrownBy(() -> settings(Map.of("routes", List.of(route(Map.of("from", "orders"))))))
                .hasMessageStartingWith("http.routes[0].from: must be /namespace/topic");
        assertThatThrownBy(() -> settings(Map.of("routes", List.of(route(Map.of("subscription_type", "Fanout"))))))
                .hasMessageStartingWith("http.routes[0].subscription_type: unknown subscription type 'Fanout'");
        assertThatThrownBy(() -> settings(Map.of("method", "GET")))
                .hasMessage("http.method: must be POST, PUT or PATCH (got \"GET\")");
        assertThatThrownBy(() -> settings(Map.of("mode", "batch")))
                .hasMessage("http.mode: must be \"record\" or \"array\" (got \"batch\")");
        assertThatThrownBy(() -> settings(Map.of("timeout_ms", 0)))
                .hasMessage("http.timeout_ms: must be at least 1 (got 0)");
        assertThatThrownBy(() -> settings(Map.of("timeout_ms", "soon")))
                .hasMessageStartingWith("http.timeout_ms: expected");
        assertThatThrownBy(() -> settings(Map.of("retry_backoff_ms", 500, "max_backoff_ms", 100)))
                .hasMessageStartingWith("http.max_backoff_ms: must not be less than http.retry_backoff_ms");
        Map<String, Object> typos = new HashMap<>(Map.of("routes", List.of(route(Map.of("url", "http://x/")))));
        typos.put("timeout", 5);
        ConnectorConfig typo = HttpSinkTest.config(typos);
        HttpSinkSettings.from(typo);
        assertThat(typo.unknownKeys().found()).containsExactly(
                "http.timeout: unknown key, ignored (did you mean http.timeout_ms?)",
                "http.routes[0].url: unknown key, ignored");
        assertThatThrownBy(() -> settings(Map.of("routes", List.of(route(Map.of()), route(Map.of("subscription",
                "t"))))))
                .hasMessageStartingWith("http.routes[1].from: /default/a is already the topic of http.routes[0]");
    }

    @Test
    void aHeaderTheClientCannotSendIsRefusedWithoutItsValue() {
        assertThatThrownBy(() -> settings(Map.of("headers", Map.of("Host", "evil.example.com"))))
                .hasMessageStartingWith("http.headers.Host: not a header the HTTP client can send")
                .hasMessageNotContaining("evil");
        assertThatThrownBy(() -> settings(Map.of("headers", Map.of("Authorization", "Bearer se\ncret"))))
                .hasMessageStartingWith("http.headers.Authorization: not a header")
                .hasMessageNotContaining("se\ncret").hasMessageNotContaining("cret");
    }
}
