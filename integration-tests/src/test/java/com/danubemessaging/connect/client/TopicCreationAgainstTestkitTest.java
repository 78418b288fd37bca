package com.danubemessaging.connect.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.Permission;
import com.danubemessaging.connect.testkit.RbacScope;
import com.danubemessaging.connect.testkit.TestCertificates;
import com.danubemessaging.connect.testkit.TestTokens;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DanubeClient#ensureTopic} and what a consumer makes of the broker's topic and subscription rules, against the
 * testkit broker (danube {@code producer_handler.rs} auto-creation, {@code topic_cluster.rs}
 * {@code validate_topic_creation}, {@code broker_service.rs} {@code topic_partitions}, {@code topic.rs}).
 */
@Timeout(120)
class TopicCreationAgainstTestkitTest {

    private static final RetryOptions FAST = new RetryOptions(2, Duration.ofMillis(20), Duration.ofMillis(50));

    private static DanubeClient client(DanubeTestBroker broker) {
        return DanubeClient.builder().serviceUrl(broker.serviceUrl()).retry(FAST)
                .healthCheckInterval(Duration.ofMillis(100)).build();
    }

    @Test
    void ensureTopicCreatesAMissingTopicOrItsPartitionsWithTheDispatchStrategy() {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start(); DanubeClient client = client(broker)) {
            EnsuredTopic plain = client.ensureTopic("/default/created-plain", 0, false, "guard");
            assertThat(plain.created()).isTrue();
            assertThat(plain.topics()).containsExactly("/default/created-plain");
            EnsuredTopic parted = client.ensureTopic("/default/created-parted", 3, true, "guard");
            assertThat(parted.topics()).containsExactly("/default/created-parted-part-0",
                    "/default/created-parted-part-1", "/default/created-parted-part-2");
            assertThat(broker.topics()).contains("/default/created-plain", "/default/created-parted-part-2");

            EnsuredTopic again = client.ensureTopic("/default/created-parted", 5, true, "guard");
            assertThat(again.created()).isFalse();
            assertThat(again.topics()).as("an existing topic keeps its partitions").hasSize(3);
            assertThat(again.unverified()).isEmpty();

            DanubeClientException mismatch = catchThrowableOfType(DanubeClientException.class,
                    () -> client.ensureTopic("/default/created-plain", 0, true, "guard"));
            assertThat(mismatch.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(mismatch).hasMessageContaining("Dispatch strategy mismatch for topic '/default/created-plain'");
        }
    }

    @Test
    void ensureTopicReportsANameClashAndAMissingNamespace() {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start(); DanubeClient client = client(broker)) {
            broker.createTopic("/default/invoices-dlq", DispatchStrategy.Reliable);
            DanubeClientException clash = catchThrowableOfType(DanubeClientException.class,
                    () -> client.ensureTopic("/default/invoices", 0, true, "guard"));
            assertThat(clash.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
            assertThat(clash).hasMessageContaining("the name clashes with existing topics")
                    .hasMessageContaining("Cannot create topic '/default/invoices'");

            DanubeClientException namespace = catchThrowableOfType(DanubeClientException.class,
                    () -> client.ensureTopic("/nowhere/invoices", 0, true, "guard"));
            assertThat(namespace.isRetryable()).isTrue();
            assertThat(namespace).hasMessageContaining("Namespace of topic '/nowhere/invoices' does not exist");
        }
    }

    /** Under RBAC creating needs Produce; an existing topic is then consumed without the strategy check. */
    @Test
    void withoutProducePermissionAnExistingTopicIsUncheckedAndAMissingOneIsRefused(@TempDir Path dir) {
        TestCertificates certs = TestCertificates.generate(dir);
        String secret = "topic-creation-secret";
        try (DanubeTestBroker broker = DanubeTestBroker.builder().tls(certs).jwtSecret(secret).build().start();
             DanubeClient reader = DanubeClient.builder().serviceUrl(broker.serviceUrl()).retry(FAST)
                     .tlsCaFile(certs.caCert()).token(TestTokens.hs256(secret, "reader", Duration.ofHours(1)))
                     .build()) {
            broker.grant("reader", RbacScope.namespace("default"), Permission.LOOKUP, Permission.CONSUME);
            broker.createTopic("/default/pre-created", DispatchStrategy.Reliable);

            EnsuredTopic existing = reader.ensureTopic("/default/pre-created", 0, true, "guard");
            assertThat(existing.unverified()).get().satisfies(e -> {
                assertThat(e.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(e).hasMessageContaining("no binding grants Produce");
            });
            DanubeClientException refused = catchThrowableOfType(DanubeClientException.class,
                    () -> reader.ensureTopic("/default/not-there", 0, true, "guard"));
            assertThat(refused.isRefusal()).isTrue();
        }
    }

    /** The consumer of /default/orders never takes /default/orders-dlq for one of its partitions. */
    @Test
    void aSiblingTopicIsNeverConsumedAsAPartition() {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start(); DanubeClient client = client(broker)) {
            client.ensureTopic("/default/orders", 2, true, "guard");
            Producer dlq = client.newProducer().topic("/default/orders-dlq").name("dlq").reliable(true).create();
            Consumer consumer = client.newConsumer().topic("/default/orders").name("c").subscription("s")
                    .type(SubscriptionType.SHARED).subscribe();
            await().until(consumer::isReady);
            await().until(() -> broker.activeConsumers("/default/orders-part-1", "s").size() == 1);
            dlq.send(OutgoingMessage.of("dead".getBytes(StandardCharsets.UTF_8)));
            Producer orders = client.newProducer().topic("/default/orders").name("p").partitions(2).reliable(true)
                    .create();
            orders.send(OutgoingMessage.of("live".getBytes(StandardCharsets.UTF_8)));

            ReceivedMessage m = consumer.receive(Duration.ofSeconds(10));
            assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("live");
            assertThat(consumer.receive(Duration.ofMillis(700))).isNull();
            assertThat(broker.subscriptions("/default/orders-dlq")).isEmpty();
        }
    }

    /** A consumer refused by the broker says so through refusal(), with the broker's reason. */
    @Test
    void aConsumerRefusedOnAnExclusiveSubscriptionReportsTheRefusal() {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start(); DanubeClient client = client(broker)) {
            client.ensureTopic("/default/exclusive-refusal", 0, true, "guard");
            Consumer owner = client.newConsumer().topic("/default/exclusive-refusal").name("owner").subscription("x")
                    .type(SubscriptionType.EXCLUSIVE).subscribe();
            await().until(owner::isReady);
            Consumer other = client.newConsumer().topic("/default/exclusive-refusal").name("other").subscription("x")
                    .type(SubscriptionType.EXCLUSIVE).subscribe();
            await().until(() -> other.refusal().isPresent());
            assertThat(other.refusal().get()).hasMessageContaining(
                    "the Exclusive subscription can't be shared with other consumers");
            assertThat(owner.refusal()).isEmpty();
            assertThat(other.isReady()).isFalse();
        }
    }
}
