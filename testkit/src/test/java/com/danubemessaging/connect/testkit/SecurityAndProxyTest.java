package com.danubemessaging.connect.testkit;

import static com.danubemessaging.connect.testkit.RawClient.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.proto.ConsumerRequest.SubscriptionType;
import com.danubemessaging.connect.proto.HealthCheckRequest.ClientType;
import com.danubemessaging.connect.proto.HealthCheckResponse.ClientStatus;
import com.danubemessaging.connect.proto.TopicLookupRequest;
import com.danubemessaging.connect.proto.TopicLookupResponse;
import com.danubemessaging.connect.proto.schema.ListSubjectsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JWT (HS256) with default-deny RBAC, TLS and the proxy's header routing. */
class SecurityAndProxyTest {

    private static final String SECRET = "testkit-secret-for-tests-only";
    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static RawClient withHeader(DanubeTestBroker broker, Metadata.Key<String> key, String value) {
        Metadata headers = new Metadata();
        headers.put(key, value);
        return new RawClient(NettyChannelBuilder.forAddress("127.0.0.1", broker.port()).usePlaintext()
                .intercept(MetadataUtils.newAttachHeadersInterceptor(headers)).build());
    }

    /** {@code danube-broker/src/security/authn.rs}: the messages of {@code SecurityError::into_status}. */
    @Test
    void jwtIsRequiredOnEveryServiceAndCheckedForSignatureAndExpiry() throws Exception {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().jwtSecret(SECRET).build().start()) {
            broker.grant("svc", RbacScope.cluster(), Permission.PRODUCE);
            try (RawClient anonymous = new RawClient(broker)) {
                assertStatus(() -> anonymous.reliableProducer("/default/secure", "p"), Status.Code.UNAUTHENTICATED,
                        "Authentication credentials are missing");
                assertStatus(() -> anonymous.schemas.listSubjects(ListSubjectsRequest.getDefaultInstance()),
                        Status.Code.UNAUTHENTICATED, "Authentication credentials are missing");
                assertStatus(() -> anonymous.discovery.topicLookup(TopicLookupRequest.newBuilder()
                        .setTopic("/default/secure").build()), Status.Code.UNAUTHENTICATED, null);
            }
            String wrongKey = TestTokens.hs256("another-secret", "svc", Duration.ofHours(1));
            try (RawClient forged = withHeader(broker, AUTHORIZATION, "Bearer " + wrongKey)) {
                assertStatus(() -> forged.reliableProducer("/default/secure", "p"), Status.Code.UNAUTHENTICATED,
                        "Invalid token");
            }
            String expired = TestTokens.hs256(SECRET, "svc", Duration.ofMinutes(-5));
            try (RawClient late = withHeader(broker, AUTHORIZATION, "Bearer " + expired)) {
                assertStatus(() -> late.reliableProducer("/default/secure", "p"), Status.Code.UNAUTHENTICATED,
                        "Invalid token");
            }
            try (RawClient garbage = withHeader(broker, AUTHORIZATION, "Bearer not.a.jwt")) {
                assertStatus(() -> garbage.reliableProducer("/default/secure", "p"), Status.Code.UNAUTHENTICATED,
                        "Invalid token");
            }
            String good0 = TestTokens.hs256(SECRET, "svc", Duration.ofHours(1));
            try (RawClient basic = withHeader(broker, AUTHORIZATION, "Basic " + good0)) {
                // parse_bearer_token: a present header that is not a bearer token is an invalid token
                assertStatus(() -> basic.reliableProducer("/default/secure", "p"), Status.Code.UNAUTHENTICATED,
                        "Invalid token");
            }
            String good = TestTokens.hs256(SECRET, "svc", Duration.ofHours(1));
            try (RawClient authorized = withHeader(broker, AUTHORIZATION, "Bearer " + good)) {
                long producer = authorized.reliableProducer("/default/secure", "p");
                authorized.send(producer, "/default/secure", "p", "hello");
                assertThat(authorized.health(ClientType.Producer, producer)).isEqualTo(ClientStatus.OK);
            }
            try (RawClient lowerCase = withHeader(broker, AUTHORIZATION, "bearer " + good)) {
                assertThat(lowerCase.reliableProducer("/default/secure", "p")).isPositive();
            }
            assertThat(broker.messageCount("/default/secure")).isEqualTo(1);
        }
    }

    /**
     * {@code danube-broker/src/security/authz.rs} {@code enforce_authorization}: with auth on, RBAC is default-deny;
     * Lookup, Produce and Consume are checked on the topic (its namespace and the cluster count too), ReceiveMessages,
     * Ack and Nack need Consume on the cluster, the schema registry needs ManageSchema; HealthCheck only needs a
     * valid token; super-admins bypass RBAC.
     */
    @Test
    void rbacIsDefaultDenyWithUpstreamsPermissionsAndScopes() throws Exception {
        String topic = "/default/rbac";
        try (DanubeTestBroker broker = DanubeTestBroker.builder().jwtSecret(SECRET).superAdmin("root").build()
                .start()) {
            try (RawClient nobody = withHeader(broker, AUTHORIZATION,
                    "Bearer " + TestTokens.hs256(SECRET, "nobody", Duration.ofHours(1)))) {
                assertStatus(() -> nobody.discovery.topicPartitions(TopicLookupRequest.newBuilder().setTopic(topic)
                        .build()), Status.Code.PERMISSION_DENIED,
                        "no binding grants Lookup on Topic(\"" + topic + "\") for service_account:nobody");
                assertStatus(() -> nobody.reliableProducer(topic, "p"), Status.Code.PERMISSION_DENIED,
                        "no binding grants Produce on Topic(\"" + topic + "\")");
                assertStatus(() -> nobody.schemas.listSubjects(ListSubjectsRequest.getDefaultInstance()),
                        Status.Code.PERMISSION_DENIED, "no binding grants ManageSchema on Cluster");
                assertThat(nobody.health(ClientType.Producer, 1L)).isEqualTo(ClientStatus.CLOSE);
            }
            broker.grant("writer", RbacScope.namespace("default"), Permission.LOOKUP, Permission.PRODUCE);
            broker.grant("reader", RbacScope.topic(topic), Permission.LOOKUP, Permission.CONSUME);
            try (RawClient writer = withHeader(broker, AUTHORIZATION,
                    "Bearer " + TestTokens.hs256(SECRET, "writer", Duration.ofHours(1)));
                 RawClient reader = withHeader(broker, AUTHORIZATION,
                         "Bearer " + TestTokens.hs256(SECRET, "reader", Duration.ofHours(1)))) {
                long producer = writer.reliableProducer(topic, "p");
                assertStatus(() -> writer.reliableProducer("/other/rbac", "p"), Status.Code.PERMISSION_DENIED,
                        "Produce");
                long consumer = reader.subscribe(topic, "sub", "c", SubscriptionType.Exclusive);
                RawClient.Inbox denied = reader.receive(consumer);
                org.awaitility.Awaitility.await().until(() -> denied.end.get() != null);
                assertThat(denied.end.get().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(denied.end.get().getDescription()).contains("Consume on Cluster");

                broker.grant("reader", RbacScope.cluster(), Permission.CONSUME);
                RawClient.Inbox inbox = reader.receive(consumer);
                org.awaitility.Awaitility.await().until(() -> broker.activeConsumers(topic, "sub").size() == 1);
                writer.send(producer, topic, "p", "allowed");
                reader.ack(inbox.next(), "sub");
            }
            try (RawClient root = withHeader(broker, AUTHORIZATION,
                    "Bearer " + TestTokens.hs256(SECRET, "root", Duration.ofHours(1)))) {
                assertThat(root.schemas.listSubjects(ListSubjectsRequest.getDefaultInstance()).getSubjectsCount())
                        .isZero();
            }
        }
    }

    @Test
    void tlsWithAGeneratedCa(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        try (DanubeTestBroker broker = DanubeTestBroker.builder().tls(certs).build().start()) {
            assertThat(broker.serviceUrl()).startsWith("https://127.0.0.1:");
            ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", broker.port(),
                    TlsChannelCredentials.newBuilder().trustManager(certs.caCert().toFile()).build()).build();
            try (RawClient secure = new RawClient(channel)) {
                long producer = secure.reliableProducer("/default/tls", "p");
                secure.send(producer, "/default/tls", "p", "over tls");
            }
            assertThat(broker.messageCount("/default/tls")).isEqualTo(1);

            try (RawClient plaintext = new RawClient(broker)) {
                assertStatus(() -> plaintext.reliableProducer("/default/tls", "p"), Status.Code.UNAVAILABLE, null);
            }
        }
    }

    @Test
    void tlsRejectsAClientThatDoesNotTrustTheCa(@TempDir Path dir) throws IOException, InterruptedException {
        TestCertificates certs = TestCertificates.generate(dir.resolve("real"));
        TestCertificates otherCa = TestCertificates.generate(dir.resolve("other"));
        try (DanubeTestBroker broker = DanubeTestBroker.builder().tls(certs).build().start()) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", broker.port(),
                    TlsChannelCredentials.newBuilder().trustManager(otherCa.caCert().toFile()).build()).build();
            try (RawClient untrusting = new RawClient(channel)) {
                assertStatus(() -> untrusting.reliableProducer("/default/tls", "p"), Status.Code.UNAVAILABLE, null);
            }
        }
    }

    /**
     * danube_helm {@code charts/danube-envoy/templates/configmap.yaml}: a call with {@code x-danube-broker-url} is
     * forwarded to that broker (one naming another broker cannot reach this one); a call without it goes
     * round-robin to any broker, which with one broker is this one.
     */
    @Test
    void proxyModeRoutesOnTheBrokerUrlHeaderAndSendsHeaderlessCallsToAnyBroker() throws Exception {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().proxyMode(true)
                .proxyBrokerUrl("http://broker-7.danube.svc:6650").build().start()) {
            Metadata.Key<String> header = Metadata.Key.of("x-danube-broker-url", Metadata.ASCII_STRING_MARSHALLER);
            try (RawClient direct = new RawClient(broker)) {
                long headerless = direct.reliableProducer("/default/headerless", "p");
                assertThat(direct.health(ClientType.Producer, headerless)).isEqualTo(ClientStatus.OK);
                assertThat(direct.subscribe("/default/headerless", "s", "c", SubscriptionType.Shared)).isPositive();
                assertThat(broker.headerlessCallCount()).isEqualTo(3);
            }
            try (RawClient wrong = withHeader(broker, header, "http://broker-0.danube.svc:6650")) {
                assertStatus(() -> wrong.reliableProducer("/default/proxied", "p"), Status.Code.UNAVAILABLE,
                        "'http://broker-0.danube.svc:6650'");
                assertThat(broker.misroutedCallCount()).isEqualTo(1);
            }
            try (RawClient routed = withHeader(broker, header, "http://broker-7.danube.svc:6650")) {
                long producer = routed.reliableProducer("/default/proxied", "p");
                TopicLookupResponse lookup = routed.discovery.topicLookup(TopicLookupRequest.newBuilder()
                        .setTopic("/default/proxied").build());
                assertThat(lookup.getProxy()).isTrue();
                assertThat(lookup.getBrokerUrl()).isEqualTo("http://broker-7.danube.svc:6650");
                assertThat(lookup.getConnectUrl()).isEqualTo(broker.serviceUrl()).isNotEqualTo(lookup.getBrokerUrl());
                routed.send(producer, "/default/proxied", "p", "via proxy");
                assertThat(routed.health(ClientType.Producer, producer)).isEqualTo(ClientStatus.OK);
            }
            // Discovery and the schema registry are called on the service URL and need no header.
            try (RawClient direct = new RawClient(broker)) {
                assertThat(direct.discovery.topicLookup(TopicLookupRequest.newBuilder()
                        .setTopic("/default/proxied").build()).getProxy()).isTrue();
            }
            assertThat(broker.lastMetadata(Rpc.SEND_MESSAGE).get(header)).isEqualTo("http://broker-7.danube.svc:6650");
            assertThat(broker.callCount(Rpc.CREATE_PRODUCER)).isEqualTo(3);
            assertThat(broker.headerlessCallCount()).isEqualTo(3);
        }
    }
}
