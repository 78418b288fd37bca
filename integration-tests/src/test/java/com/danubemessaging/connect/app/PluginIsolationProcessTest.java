package com.danubemessaging.connect.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin isolation in the real runnable jar: two plugin jars in one plugins directory bundle two incompatible
 * versions of one library ({@code com.example.greeting.Greeting}; only version 2 has {@code onlyInTwo()}). Each
 * connector runs with its own version: each plugin has its own child-first class loader, while the connector API
 * and slf4j stay the runtime's (else the runtime could not even call the connector).
 */
class PluginIsolationProcessTest {

    private static final String PROVIDER_SERVICE =
            "META-INF/services/com.danubemessaging.connect.api.ConnectorProvider";

    @TempDir
    Path dir;

    private final DanubeTestBroker broker = DanubeTestBroker.builder().build().start();
    private ConnectorProcesses processes;

    @BeforeEach
    void processes() {
        processes = new ConnectorProcesses(dir, broker.serviceUrl());
    }

    @AfterEach
    void stopAll() {
        processes.close();
        broker.close();
    }

    @Test
    void twoPluginsWithDifferentVersionsOfOneLibraryBothRun() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path pluginA = buildPlugin(plugins, "a", """
                public static String text() { return "greeting-1"; }
                """, "Greeting.text()");
        Path pluginB = buildPlugin(plugins, "b", """
                public static String text() { return "greeting-2"; }
                public static String onlyInTwo() { return "only-in-2"; }
                """, "Greeting.text() + \"+\" + Greeting.onlyInTwo()");

        // The conflict is real: on one flat class path (the jars in directory order) plugin b gets version 1.
        try (URLClassLoader flat = new URLClassLoader(new URL[] {pluginA.toUri().toURL(), pluginB.toUri().toURL()},
                getClass().getClassLoader())) {
            Class<?> greeting = flat.loadClass("com.example.greeting.Greeting");
            assertThatThrownBy(() -> greeting.getMethod("onlyInTwo")).isInstanceOf(NoSuchMethodException.class);
        }

        String topicA = "/default/plugin-a-" + UUID.randomUUID().toString().substring(0, 8);
        String topicB = "/default/plugin-b-" + UUID.randomUUID().toString().substring(0, 8);
        ChildConnector a = start("plugin-a-source", topicA, plugins);
        ChildConnector b = start("plugin-b-source", topicB, plugins);

        await("both plugins published").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    assertThat(a.isAlive()).as("plugin a: " + a.stderr()).isTrue();
                    assertThat(b.isAlive()).as("plugin b: " + b.stderr()).isTrue();
                    assertThat(payloads(topicA)).containsExactly("\"greeting-1 from com.example.plugina\"");
                    assertThat(payloads(topicB)).containsExactly("\"greeting-2+only-in-2 from com.example.pluginb\"");
                });
        assertThat(a.stderr()).contains("Starting source connector 'plugin-a-source' (plugin-a-source)",
                "2 plugin jar(s)");
        // slf4j is shared: the plugin's logger writes through the runtime's backend and format.
        assertThat(b.stderr()).contains("INFO PluginSource - plugin b uses greeting-2");
    }

    private List<String> payloads(String topic) {
        return broker.messages(topic).stream().map(m -> m.getPayload().toStringUtf8()).toList();
    }

    /** plugin-&lt;id&gt;.jar: a source connector plus its own copy of the greeting library. */
    private Path buildPlugin(Path plugins, String id, String greetingBody, String payloadExpression) {
        Path library = PluginJars.compile(dir, "greeting-" + id, Map.of("com/example/greeting/Greeting.java",
                "package com.example.greeting;\npublic final class Greeting {\n" + greetingBody + "}\n"));
        String pkg = "com.example.plugin" + id;
        Path connector = PluginJars.compile(dir, "plugin-" + id, Map.of(
                pkg.replace('.', '/') + "/PluginSource.java", """
                        package %1$s;

                        import com.danubemessaging.connect.api.*;
                        import com.example.greeting.Greeting;
                        import java.util.List;

                        public final class PluginSource implements SourceConnector {
                            private String topic;
                            private boolean sent;

                            public static final class Provider implements ConnectorProvider {
                                public String id() { return "plugin-%2$s-source"; }
                                public Object create() { return new PluginSource(); }
                            }

                            public void initialize(ConnectorConfig config) {
                                topic = config.raw().path("plugin").path("topic").asText();
                                org.slf4j.LoggerFactory.getLogger(PluginSource.class)
                                        .info("plugin %2$s uses {}", Greeting.text());
                            }

                            public List<ProducerConfig> producerConfigs() {
                                return List.of(ProducerConfig.of(topic));
                            }

                            public List<SourceRecord> poll() {
                                if (sent) {
                                    return List.of();
                                }
                                sent = true;
                                return List.of(SourceRecord.ofString(topic,
                                        %3$s + " from " + PluginSource.class.getPackageName()));
                            }
                        }
                        """.formatted(pkg, id, payloadExpression)), library);
        return PluginJars.jar(plugins.resolve("plugin-" + id + ".jar"), List.of(connector, library),
                Map.of(PROVIDER_SERVICE, pkg + ".PluginSource$Provider\n"));
    }

    private ChildConnector start(String connectorId, String topic, Path plugins) throws Exception {
        Path toml = Files.writeString(dir.resolve(connectorId + ".toml"), """
                danube_service_url = "%s"
                connector_name = "%s"

                [processing]
                metrics_port = 0
                poll_interval_ms = 50

                [plugin]
                topic = "%s"
                """.formatted(broker.serviceUrl(), connectorId, topic));
        return processes.startJar(connectorId, toml, connectorId, "pod-1",
                Map.of("DANUBE_CONNECT_PLUGINS_DIR", plugins.toString()));
    }
}
