package com.danubemessaging.connect.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.connectors.file.RunningConnector;
import com.danubemessaging.connect.runtime.RuntimeHarness;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * source-mqtt over TLS against a private Mosquitto with a TLS listener: the server certificate is verified against
 * {@code ca_file} and must name {@code broker_host}; mutual TLS presents {@code client_cert_file}. Every refusal
 * stops the runtime at start with the key to fix and the TLS reason.
 */
class MqttTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private DanubeTestBroker broker;
    private TestCertificates server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void setUp() {
        broker = DanubeTestBroker.builder().build().start();
        server = TestCertificates.generate(dir.resolve("server-certs"));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        broker.close();
    }

    private Mosquitto.Private tlsBroker(String bindAddress, String... extra) {
        List<String> options = new ArrayList<>(List.of("allow_anonymous true",
                "certfile " + server.serverCert(), "keyfile " + server.serverKey()));
        options.addAll(List.of(extra));
        Mosquitto.Private mosquitto = Mosquitto.start(dir, bindAddress, options);
        open.add(mosquitto);
        return mosquitto;
    }

    private String toml(String host, int port, String tlsKeys) {
        return """
                danube_service_url = "%s"
                connector_name = "mqtt-tls"

                [retry]
                retry_backoff_ms = 50
                max_backoff_ms = 200

                [processing]
                poll_interval_ms = 20
                metrics_port = 0

                [mqtt]
                broker_host = "%s"
                broker_port = %d
                client_id = "%s"
                use_tls = true
                %s

                [[mqtt.routes]]
                from = "secure/#"
                to = "/default/secure"
                """.formatted(broker.serviceUrl(), host, port, Mosquitto.uniquePrefix(), tlsKeys);
    }

    private RuntimeHarness start(String toml) {
        return start(toml, new MqttSource(Map.of()));
    }

    private RuntimeHarness start(String toml, MqttSource source) {
        ConnectorConfig config = RunningConnector.config("source-mqtt", toml, dir);
        RuntimeHarness harness = RuntimeHarness.start(config, source);
        open.add(harness);
        return harness;
    }

    /** Started, and subscribed over TLS (only then can a published message reach it). */
    private void startConnected(String toml) {
        MqttSource source = new MqttSource(Map.of());
        RuntimeHarness harness = start(toml, source);
        await("connected over TLS").atMost(WAIT).until(() -> {
            if (harness.exited()) {
                throw new AssertionError("the runtime stopped", harness.failure());
            }
            return harness.ready() && source.session() != null && source.session().isConnected();
        });
    }

    /** Publishes over TLS as a plain Paho client trusting the same CA, and waits for the message in Danube. */
    private void assertMessageFlows(Mosquitto.Private mosquitto, ClientCertificates clientCerts) throws Exception {
        MqttClient publisher = new MqttClient("ssl://127.0.0.1:" + mosquitto.port(), "pub-" + Mosquitto.uniquePrefix(),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(com.danubemessaging.connect.connectors.common.TlsContexts.client(server.caCert().toString(),
                "test", clientCerts == null ? null : new com.danubemessaging.connect.connectors.common.TlsContexts
                        .PemKeyPair(clientCerts.clientCert().toString(), "test", clientCerts.clientKey().toString(), "test"))
                .getSocketFactory());
        publisher.connect(options);
        try {
            Mosquitto.publish(publisher, "secure/door", "{\"open\":true}", 1);
            await().atMost(Duration.ofSeconds(20)).failFast("the broker log: " + mosquitto.log(), () -> false)
                    .until(() -> broker.messages("/default/secure").size() == 1);
            assertThat(broker.messages("/default/secure").get(0).getPayload().toStringUtf8())
                    .isEqualTo("{\"open\":true}");
        } finally {
            Mosquitto.closeQuietly(publisher);
        }
    }

    private static void awaitFailure(RuntimeHarness harness, String... expected) {
        await("the runtime stops at start").atMost(WAIT).until(harness::exited);
        assertThat(harness.failure()).as("why the runtime stopped").isNotNull().hasMessageContainingAll(expected);
    }

    @Test
    void aServerCertificateSignedByTheConfiguredCaIsTrusted() throws Exception {
        Mosquitto.Private mosquitto = tlsBroker("127.0.0.1");
        startConnected(toml("127.0.0.1", mosquitto.port(), "ca_file = \"" + server.caCert() + "\""));
        assertMessageFlows(mosquitto, null);
    }

    @Test
    void aServerCertificateFromAnotherCaStopsTheRuntimeAtStart() {
        Mosquitto.Private mosquitto = tlsBroker("127.0.0.1");
        TestCertificates other = TestCertificates.generate(dir.resolve("other-ca"));
        RuntimeHarness harness = start(toml("127.0.0.1", mosquitto.port(), "ca_file = \"" + other.caCert() + "\""));
        awaitFailure(harness, "mqtt.ca_file", "TLS handshake", "ssl://127.0.0.1:" + mosquitto.port(),
                "Path does not chain with any of the trust anchors");
    }

    @Test
    void withoutCaFileTheJvmTrustStoreDoesNotTrustAPrivateCa() {
        Mosquitto.Private mosquitto = tlsBroker("127.0.0.1");
        RuntimeHarness harness = start(toml("127.0.0.1", mosquitto.port(), ""));
        awaitFailure(harness, "mqtt.ca_file", "unable to find valid certification path");
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefused() {
        // the certificate names localhost and 127.0.0.1; the listener is on 127.0.0.2 and connected to by that IP
        Mosquitto.Private mosquitto = tlsBroker("127.0.0.2");
        RuntimeHarness harness = start(toml("127.0.0.2", mosquitto.port(), "ca_file = \"" + server.caCert() + "\""));
        awaitFailure(harness, "mqtt.ca_file / mqtt.broker_host", "127.0.0.2");
    }

    @Test
    void mutualTlsPresentsTheClientCertificateAndFailsWithoutIt() throws Exception {
        ClientCertificates clientCerts = ClientCertificates.generate(dir.resolve("client-certs"));
        assertThat(Files.readString(clientCerts.clientKey())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        Mosquitto.Private mosquitto = tlsBroker("127.0.0.1", "require_certificate true",
                "cafile " + clientCerts.caCert());

        RuntimeHarness without = start(toml("127.0.0.1", mosquitto.port(), "ca_file = \"" + server.caCert() + "\""));
        awaitFailure(without, "TLS handshake", "mqtt.client_cert_file");

        // the CA as PEM text in place of a path, the way a Kubernetes Secret delivers it through ${env:...}
        startConnected(toml("127.0.0.1", mosquitto.port(), """
                ca_file = \"\"\"
                %s\"\"\"
                client_cert_file = "%s"
                client_key_file = "%s"
                """.formatted(Files.readString(server.caCert()), clientCerts.clientCert(), clientCerts.clientKey())));
        assertMessageFlows(mosquitto, clientCerts);
    }

    @Test
    void aMissingCaFileIsAConfigurationErrorNamingTheKey() {
        RuntimeHarness harness = start(toml("127.0.0.1", 8883, "ca_file = \"" + dir.resolve("nope.pem") + "\""));
        awaitFailure(harness, "mqtt.ca_file: file ", "nope.pem does not exist");
    }
}
