package com.danubemessaging.connect.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.OutgoingMessage;
import com.danubemessaging.connect.client.Producer;
import com.danubemessaging.connect.connectors.http.ScriptedEndpoint;
import com.danubemessaging.connect.connectors.http.ScriptedEndpoint.Answer;
import com.danubemessaging.connect.connectors.jdbc.TestDatabase;
import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sink-http and sink-jdbc in the real runnable (a child JVM): a bad connector section stops the process at start
 * with the key and the reason, and secrets stay out of the log and the termination message even at debug level.
 */
class BuiltinSinkProcessTest {

    @TempDir
    Path dir;

    private final DanubeTestBroker broker = DanubeTestBroker.builder().build().start();
    private final List<ChildConnector> children = new ArrayList<>();

    @AfterEach
    void stopAll() {
        children.forEach(ChildConnector::close);
        broker.close();
    }

    private ChildConnector start(String name, String toml, String connector, Map<String, String> extraEnv)
            throws IOException {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("CONNECTOR_CONFIG_PATH", Files.writeString(dir.resolve(name + ".toml"), toml).toString());
        env.put("DANUBE_CONNECT_INSTANCE_ID", "pod-1");
        env.put("DANUBE_CONNECT_TERMINATION_LOG", dir.resolve(name + ".termination-log").toString());
        ChildConnector child = ChildConnector.start(name, dir, env, "--connector", connector);
        children.add(child);
        return child;
    }

    private String terminationLog(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".termination-log"));
    }

    private String core(String name) {
        return """
                danube_service_url = "%s"
                connector_name = "%s"

                [processing]
                metrics_port = 0
                log_level = "debug"
                """.formatted(broker.serviceUrl(), name);
    }

    @Test
    void aBadJdbcSectionStopsTheRuntimeAtStartNamingTheKey() throws IOException {
        ChildConnector child = start("bad-jdbc", core("bad-jdbc") + """

                [jdbc]
                url = "jdbc:postgresql://127.0.0.1:5432/test"

                [[jdbc.routes]]
                from = "/default/orders"
                subscription = "s"
                payload_column = "doc"
                """, "sink-jdbc", Map.of());

        assertThat(child.awaitExit(Duration.ofSeconds(30))).isNotZero();
        assertThat(terminationLog("bad-jdbc")).contains("jdbc.routes[0].to: required");
        assertThat(child.stderr()).contains("jdbc.routes[0].to: required");
    }

    @Test
    void aRefusedDatabaseLoginStopsTheRuntimeWithoutShowingThePassword() throws IOException {
        TestDatabase.MARIADB.requireRunning();
        String password = "s3cret-from-the-secret-" + System.nanoTime();
        ChildConnector child = start("refused-login", core("refused-login") + """

                [jdbc]
                url = "%s"
                username = "root"
                connection_timeout_ms = 3000

                [[jdbc.routes]]
                from = "/default/orders"
                subscription = "s"
                to = "never_created"
                payload_column = "doc"
                """.formatted(TestDatabase.MARIADB.url()), "sink-jdbc", Map.of("JDBC_PASSWORD", password));

        assertThat(child.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(terminationLog("refused-login")).contains("sink-jdbc cannot prepare its tables")
                .contains("28000").doesNotContain(password);
        assertThat(child.stderr()).contains("Access denied").doesNotContain(password);
    }

    @Test
    void aRefusedTokenStopsSinkHttpAndTheTokenIsNeverLogged() throws Exception {
        String token = "tok-" + System.nanoTime();
        String topic = "/default/http-401";
        broker.createTopic(topic, DispatchStrategy.Reliable);
        try (ScriptedEndpoint endpoint = ScriptedEndpoint.start()) {
            endpoint.script(request -> Answer.status(401));
            ChildConnector child = start("refused-token", core("refused-token") + """

                    [http.headers]
                    Authorization = "Bearer ${env:HTTP_SINK_TOKEN}"

                    [[http.routes]]
                    from = "%s"
                    subscription = "s"
                    to = "%s"
                    """.formatted(topic, endpoint.url("/in?api_key=" + token)), "sink-http",
                    Map.of("HTTP_SINK_TOKEN", token));
            await().atMost(Duration.ofSeconds(30)).until(() -> !broker.activeConsumers(topic, "s").isEmpty());
            try (DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).build();
                 Producer producer = client.newProducer().topic(topic).name("p").reliable(true).create()) {
                producer.send(OutgoingMessage.of("{\"id\":1}".getBytes(StandardCharsets.UTF_8)));
            }

            assertThat(child.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(endpoint.requests()).isNotEmpty().allSatisfy(r ->
                    assertThat(r.header("Authorization")).isEqualTo("Bearer " + token));
            assertThat(terminationLog("refused-token")).contains("HTTP 401").contains("credentials")
                    .doesNotContain(token);
            assertThat(child.stderr()).contains("HTTP 401").doesNotContain(token);
            assertThat(broker.ackedCount(topic, "s")).as("nothing acked").isZero();
        }
    }
}
