package com.danubemessaging.connect.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSettingsTest {
    private static final String CORE = """
            danube_service_url = "http://localhost:6650"
            connector_name = "hooks"
            """;
    private static final String ROUTE = """
            [[routes]]
            from = "/a"
            to = "/d/a"
            """;

    private static ConnectorConfig config(String toml) {
        return new ConfigLoader(Map.of()).parse(CORE + toml, "t.toml", null).config();
    }

    private static WebhookSettings settings(String toml, Map<String, String> env) {
        return WebhookSettings.from(config(toml), env);
    }

    @Test
    void upstreamDefaultsAndEnvOverrides() {
        WebhookSettings s = settings("[server]\n[auth]\ntype = \"none\"\n" + ROUTE, Map.of());
        assertThat(s.server()).isEqualTo(new WebhookSettings.Server("0.0.0.0", 8080, 30, 1_048_576, null, null));
        assertThat(s.routes().get(0)).isEqualTo(new WebhookSettings.Route("/a", "/d/a", 0, false, null));
        WebhookSettings o = settings("[server]\n[auth]\ntype = \"none\"\n" + ROUTE,
                Map.of("SERVER_HOST", "127.0.0.1", "SERVER_PORT", "9000"));
        assertThat(o.server().host()).isEqualTo("127.0.0.1");
        assertThat(o.server().port()).isEqualTo(9000);
    }

    @Test
    void authDefaultsAndTheSecretFromTheNamedVariable() {
        WebhookSettings apikey = settings("[server]\n[auth]\ntype = \"apikey\"\nsecret_env = \"K\"\n" + ROUTE,
                Map.of("K", "v"));
        assertThat(apikey.auth().header()).isEqualTo("x-api-key");
        assertThat(apikey.auth().secret()).isEqualTo("v");
        assertThat(apikey.auth().toString()).doesNotContain("=v,").contains("secret_env=K");
        WebhookSettings hmac = settings("[server]\n[auth]\ntype = \"HMAC\"\nsecret_env = \"K\"\n" + ROUTE,
                Map.of("K", "v"));
        assertThat(hmac.auth().header()).isEqualTo("x-signature");
        assertThat(hmac.auth().algorithm()).isEqualTo("sha256");
        assertThat(hmac.auth().timestampToleranceSecs()).isEqualTo(300);
    }

    @Test
    void badSectionsNameTheKeyAndTheReason() {
        String server = "[server]\n";
        assertThatThrownBy(() -> settings("[auth]\ntype = \"none\"\n" + ROUTE, Map.of()))
                .hasMessageStartingWith("server: required table [server]");
        assertThatThrownBy(() -> settings(server + ROUTE, Map.of()))
                .hasMessageStartingWith("auth: required table [auth]");
        assertThatThrownBy(() -> settings(server + "[auth]\ntype = \"basic\"\n" + ROUTE, Map.of()))
                .hasMessage("auth.type: must be \"none\", \"apikey\", \"hmac\" or \"jwt\", got \"basic\"");
        assertThatThrownBy(() -> settings(server + "[auth]\ntype = \"apikey\"\nsecret_env = \"MISSING\"\n" + ROUTE,
                Map.of())).hasMessage("auth.secret_env: the environment variable MISSING (the API key) is not set or"
                + " empty");
        assertThatThrownBy(() -> settings(server + "[auth]\ntype = \"hmac\"\nsecret_env = \"K\"\nalgorithm = \"md5\"\n"
                + ROUTE, Map.of("K", "v"))).hasMessage("auth.algorithm: must be \"sha256\" or \"sha512\", got \"md5\"");
        assertThatThrownBy(() -> settings(server + "[auth]\ntype = \"jwt\"\n" + ROUTE, Map.of()))
                .hasMessageStartingWith("auth.secret_env: required for type = \"jwt\"");
        String none = server + "[auth]\ntype = \"none\"\n";
        assertThatThrownBy(() -> settings(none, Map.of())).hasMessageStartingWith("routes: at least one");
        assertThatThrownBy(() -> settings(none + ROUTE.replace("\"/a\"", "\"a\""), Map.of()))
                .hasMessage("routes[0].from: must start with '/', got \"a\"");
        assertThatThrownBy(() -> settings(none + ROUTE + ROUTE, Map.of()))
                .hasMessage("routes[1].from: duplicate path /a (also routes[0])");
        assertThatThrownBy(() -> settings(none + ROUTE.replace("/d/a", "topic"), Map.of()))
                .hasMessageStartingWith("routes[0].to: must be /namespace/topic");
        assertThatThrownBy(() -> settings(none + ROUTE.replace("\"/a\"", "\"/health\""), Map.of()))
                .hasMessage("routes[0].from: /health is the server's own endpoint");
        assertThatThrownBy(() -> settings(none + "[rate_limit]\nburst_size = 5\n" + ROUTE, Map.of()))
                .hasMessage("rate_limit.requests_per_second: required, > 0");
        assertThatThrownBy(() -> settings(none + ROUTE + "[routes.rate_limit]\nrequests_per_second = 5\n", Map.of()))
                .hasMessage("routes[0].rate_limit.burst_size: required, >= 1");
        assertThatThrownBy(() -> settings(server.replace("]", "]\nport = \"http\"") + "[auth]\ntype = \"none\"\n"
                + ROUTE, Map.of())).hasMessageStartingWith("server.port: expected");
        assertThatThrownBy(() -> settings(none + ROUTE, Map.of("SERVER_PORT", "x")))
                .hasMessage("SERVER_PORT: expected a port number, got \"x\"");
        assertThatThrownBy(() -> settings(server.replace("]", "]\ntls_cert_path = \"/c.pem\"") + "[auth]\ntype ="
                + " \"none\"\n" + ROUTE, Map.of())).hasMessageStartingWith("server.tls_key_path: required together");
    }

    @Test
    void aShortJwtSecretIsRefusedAtStart() {
        WebhookSettings s = settings("[server]\n[auth]\ntype = \"jwt\"\nsecret_env = \"J\"\n" + ROUTE,
                Map.of("J", "short"));
        assertThatThrownBy(() -> Authenticator.of(s.auth()))
                .hasMessage("auth.secret_env: the JWT secret has 5 bytes; HS256 needs at least 32 (RFC 7518 §3.2)");
    }
}
