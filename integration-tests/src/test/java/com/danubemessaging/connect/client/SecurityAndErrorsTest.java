package com.danubemessaging.connect.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.Rpc;
import com.danubemessaging.connect.testkit.TestCertificates;
import com.danubemessaging.connect.testkit.Permission;
import com.danubemessaging.connect.testkit.RbacScope;
import com.danubemessaging.connect.testkit.TestTokens;
import io.grpc.Metadata;
import io.grpc.Status;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS, JWT and the errors a user sees for bad input, against the in-memory Danube broker. Bad input must end in an
 * error naming the cause, never in a hang: the class timeout turns a hang into a failure.
 */
@Timeout(120)
class SecurityAndErrorsTest {

    private static final RetryOptions FAST = new RetryOptions(2, Duration.ofMillis(20), Duration.ofMillis(50));
    private static final String SECRET = "testkit-secret-key-0123456789abcdef";
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @TempDir
    static Path dir;
    /** One CA and server certificate for the class: key generation is the slow part. */
    private static TestCertificates certs;

    @BeforeAll
    static void generateCertificates() {
        certs = TestCertificates.generate(dir.resolve("certs"));
    }

    private static OutgoingMessage text(String s) {
        return OutgoingMessage.of(s.getBytes(StandardCharsets.UTF_8));
    }

    private DanubeTestBroker secureBroker(TestCertificates certificates) {
        DanubeTestBroker broker = DanubeTestBroker.builder().tls(certificates).jwtSecret(SECRET).build().start();
        // With authentication on RBAC is default-deny: what a producing and consuming client needs.
        for (String principal : List.of("connector-a", "mtls", "old", "new", "first", "secnd")) {
            broker.grant(principal, RbacScope.namespace("default"), Permission.LOOKUP, Permission.PRODUCE,
                    Permission.CONSUME);
            broker.grant(principal, RbacScope.cluster(), Permission.CONSUME);
        }
        return broker;
    }

    @Test
    void tlsWithATestCaAndAStaticTokenProducesAndConsumes() throws Exception {
        String token = TestTokens.hs256(SECRET, "connector-a", Duration.ofHours(1));
        try (DanubeTestBroker broker = secureBroker(certs);
             DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).token(token)
                     .tlsCaFile(certs.caCert()).retry(FAST).build()) {
            assertThat(broker.serviceUrl()).startsWith("https://");
            broker.createTopic("/default/secure", DispatchStrategy.Reliable);
            Consumer consumer = client.newConsumer().topic("/default/secure").name("sc").subscription("ss")
                    .subscribe();
            await().atMost(Duration.ofSeconds(30)).until(consumer::isReady);
            client.newProducer().topic("/default/secure").name("sp").reliable(true).create().send(text("secret"));

            ReceivedMessage m = consumer.receive(Duration.ofSeconds(30));
            assertThat(m).isNotNull();
            assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("secret");
            consumer.ack(m).get();
            assertThat(broker.lastMetadata(Rpc.SEND_MESSAGE).get(AUTHORIZATION)).isEqualTo("Bearer " + token);
            await().atMost(Duration.ofSeconds(30)).until(client::isConnected);
        }
    }

    @Test
    void clientCertificateIsLoadedAndOfferedOverTls() {
        // The testkit does not ask for client certificates; this checks the PEM cert/key are loaded and the
        // handshake still works with a key manager configured (any valid pair will do: the server's own).
        String token = TestTokens.hs256(SECRET, "mtls", Duration.ofHours(1));
        try (DanubeTestBroker broker = secureBroker(certs);
             DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).token(token)
                     .tlsCaFile(certs.caCert()).tlsClientCert(certs.serverCert(), certs.serverKey())
                     .retry(FAST).build()) {
            client.newProducer().topic("/default/mtls").name("pm").create().send(text("over mTLS"));
            assertThat(broker.messageCount("/default/mtls")).isEqualTo(1);
        }
    }

    @Test
    void unreadableTlsFilesAreNamed() {
        Path missing = dir.resolve("missing-ca.pem");
        assertThatThrownBy(() -> DanubeClient.builder().serviceUrl("https://127.0.0.1:1").tlsCaFile(missing).build())
                .isInstanceOf(DanubeClientException.class)
                .hasMessageContaining("Cannot read the TLS CA file")
                .hasMessageContaining("missing-ca.pem");
    }

    @Test
    void wrongAndExpiredTokensAreReportedAsAuthenticationFailures() {
        String wrong = TestTokens.hs256("some-other-secret-0123456789abcdef", "intruder", Duration.ofHours(1));
        String expired = TestTokens.hs256(SECRET, "late", Duration.ofMinutes(-10));
        try (DanubeTestBroker broker = secureBroker(certs)) {
            for (String token : new String[] {wrong, expired}) {
                try (DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).token(token)
                        .tlsCaFile(certs.caCert()).retry(FAST).build()) {
                    assertThatThrownBy(() -> client.newProducer().topic("/default/locked").name("p").create())
                            .isInstanceOf(DanubeClientException.class)
                            .hasMessageContaining("Authentication failed")
                            .hasMessageContaining("missing, wrong or expired")
                            .satisfies(e -> assertThat(((DanubeClientException) e).code())
                                    .isEqualTo(Status.Code.UNAUTHENTICATED));
                    assertThat(client.isConnected()).isFalse();
                }
            }
        }
    }

    @Test
    void tokenFileIsReReadAfterRotation() throws Exception {
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, TestTokens.hs256(SECRET, "old", Duration.ofMinutes(-10)));
        Files.setLastModifiedTime(tokenFile, FileTime.from(Instant.now().minusSeconds(60)));
        try (DanubeTestBroker broker = secureBroker(certs);
             DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).tokenFile(tokenFile)
                     .tlsCaFile(certs.caCert()).retry(FAST).build()) {
            assertThatThrownBy(() -> client.newProducer().topic("/default/rotated").name("p").create())
                    .isInstanceOf(DanubeClientException.class)
                    .hasMessageContaining("Authentication failed");

            String fresh = TestTokens.hs256(SECRET, "new", Duration.ofHours(1));
            Files.writeString(tokenFile, fresh);
            Files.setLastModifiedTime(tokenFile, FileTime.from(Instant.now()));

            client.newProducer().topic("/default/rotated").name("p").create().send(text("with the new token"));
            assertThat(broker.lastMetadata(Rpc.SEND_MESSAGE).get(AUTHORIZATION)).isEqualTo("Bearer " + fresh);
        }
    }

    /**
     * A token Secret mounted as a volume, rotated the way kubelet's AtomicWriter does it: the new file goes into a
     * fresh timestamped directory, {@code ..data} is swapped to it with one atomic rename, and {@code token} stays a
     * symlink through {@code ..data}. The running client (no restart) sends the new token on its next call, even
     * though the new file has the old one's size and modification time.
     */
    @Test
    void tokenInASecretVolumeIsPickedUpAfterKubeletSwapsTheDataLink() throws Exception {
        Path volume = Files.createDirectories(dir.resolve("secret-volume"));
        String first = TestTokens.hs256(SECRET, "first", Duration.ofHours(1));
        String second = TestTokens.hs256(SECRET, "secnd", Duration.ofHours(1));
        assertThat(second).hasSameSizeAs(first).isNotEqualTo(first);
        FileTime sameTime = FileTime.from(Instant.now().minusSeconds(30));
        Path firstDir = writeVersion(volume, "..2026_11_28_10_00_00.000000001", first, sameTime);
        Files.createSymbolicLink(volume.resolve("..data"), firstDir.getFileName());
        Files.createSymbolicLink(volume.resolve("token"), Path.of("..data", "token"));
        Path tokenFile = volume.resolve("token");

        try (DanubeTestBroker broker = secureBroker(certs);
             DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).tokenFile(tokenFile)
                     .tlsCaFile(certs.caCert()).retry(FAST).build()) {
            Producer producer = client.newProducer().topic("/default/swapped").name("p").create();
            producer.send(text("with the first token"));
            assertThat(broker.lastMetadata(Rpc.SEND_MESSAGE).get(AUTHORIZATION)).isEqualTo("Bearer " + first);

            Path secondDir = writeVersion(volume, "..2026_11_28_10_05_00.000000002", second, sameTime);
            Path tmpLink = Files.createSymbolicLink(volume.resolve("..data_tmp"), secondDir.getFileName());
            Files.move(tmpLink, volume.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.delete(firstDir.resolve("token"));
            Files.delete(firstDir);

            producer.send(text("with the second token"));
            assertThat(broker.lastMetadata(Rpc.SEND_MESSAGE).get(AUTHORIZATION)).isEqualTo("Bearer " + second);
        }
    }

    private static Path writeVersion(Path volume, String name, String token, FileTime modified) throws Exception {
        Path version = Files.createDirectory(volume.resolve(name));
        Path file = Files.writeString(version.resolve("token"), token);
        Files.setLastModifiedTime(file, modified);
        return version;
    }

    @Test
    void invalidTopicNameIsNamed() {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start();
             DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).retry(FAST).build()) {
            assertThatThrownBy(() -> client.newProducer().topic("/default/bad/name").name("p").create())
                    .isInstanceOf(DanubeClientException.class)
                    .hasMessageContaining("Invalid topic name '/default/bad/name'");
            assertThatThrownBy(() -> client.newConsumer().topic("no-namespace").name("c").subscription("s")
                    .subscribe())
                    .isInstanceOf(DanubeClientException.class)
                    .hasMessageContaining("Invalid topic name 'no-namespace'");
        }
    }

    @Test
    void missingNamespaceIsNamedAfterTheRetries() {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start();
             DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).retry(FAST).build()) {
            assertThatThrownBy(() -> client.newProducer().topic("/missing_ns/orders").name("p").create())
                    .isInstanceOf(DanubeClientException.class)
                    .hasMessageContaining("Namespace of topic '/missing_ns/orders' does not exist")
                    .hasMessageContaining("after 3 attempts");
            assertThat(broker.callCount(Rpc.CREATE_PRODUCER)).isEqualTo(3);
        }
    }

    @Test
    void dispatchStrategyMismatchIsNamed() {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start();
             DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).retry(FAST).build()) {
            broker.createTopic("/default/fast-lane", DispatchStrategy.NonReliable);
            assertThatThrownBy(() -> client.newProducer().topic("/default/fast-lane").name("p").reliable(true)
                    .create())
                    .isInstanceOf(DanubeClientException.class)
                    .hasMessageContaining("Dispatch strategy mismatch")
                    .satisfies(e -> assertThat(((DanubeClientException) e).code())
                            .isEqualTo(Status.Code.FAILED_PRECONDITION));
        }
    }

    @Test
    void unreachableServiceUrlIsNamedAfterTheRetries() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (DanubeClient client = DanubeClient.builder().serviceUrl("http://127.0.0.1:" + port).retry(FAST)
                .build()) {
            assertThatThrownBy(() -> client.newProducer().topic("/default/nowhere").name("p").create())
                    .isInstanceOf(DanubeClientException.class)
                    .hasMessageContaining("http://127.0.0.1:" + port + " is unreachable")
                    .hasMessageContaining("after 3 attempts");
        }
    }

    @Test
    void schemaRegistryRoundTripAndProducerStamping() {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start();
             DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).retry(FAST).build()) {
            byte[] v1 = "{\"type\":\"object\"}".getBytes(StandardCharsets.UTF_8);
            byte[] v2 = "{\"type\":\"object\",\"properties\":{}}".getBytes(StandardCharsets.UTF_8);
            RegisteredSchema first = client.schemaRegistry().register("orders-value", "json_schema", v1);
            RegisteredSchema second = client.schemaRegistry().register("orders-value", "json_schema", v2);
            assertThat(first.newVersion()).isTrue();
            assertThat(second.schemaId()).isEqualTo(first.schemaId());
            assertThat(second.version()).isEqualTo(first.version() + 1);

            SchemaInfo latest = client.schemaRegistry().getLatestSchema("orders-value");
            assertThat(latest.version()).isEqualTo(second.version());
            assertThat(latest.definition()).isEqualTo(v2);
            assertThat(client.schemaRegistry().getSchema(first.schemaId(), first.version()).definition())
                    .isEqualTo(v1);

            Producer producer = client.newProducer().topic("/default/typed").name("pt")
                    .schema(SchemaRef.pinned("orders-value", first.version())).create();
            producer.send(text("{}"));
            assertThat(broker.messages("/default/typed")).singleElement().satisfies(m -> {
                assertThat(m.getSchemaId()).isEqualTo(first.schemaId());
                assertThat(m.getSchemaVersion()).isEqualTo(first.version());
            });
        }
    }
}
