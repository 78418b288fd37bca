package com.danubemessaging.connect.testkit;

import static com.danubemessaging.connect.testkit.RawClient.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.proto.ConsumerRequest.SubscriptionType;
import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.proto.TopicLookupRequest;
import com.danubemessaging.connect.proto.TopicLookupResponse;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Topic naming, namespaces, auto-creation, lookup and partitions (danube-facts §2.1–2.4). */
class TopicRulesTest extends RawClientTestBase {

    @RegisterExtension
    static DanubeBrokerExtension danube = DanubeBrokerExtension.create(b -> b.namespace("preset"));

    @Override
    DanubeTestBroker broker() {
        return danube.broker();
    }

    private TopicLookupResponse lookup(String topic) {
        return client.discovery.topicLookup(TopicLookupRequest.newBuilder().setRequestId(7).setTopic(topic).build());
    }

    private java.util.List<String> partitions(String topic) {
        return client.discovery.topicPartitions(TopicLookupRequest.newBuilder().setTopic(topic).build())
                .getPartitionsList();
    }

    @Test
    void invalidTopicNamesAreRejectedWithTheBrokerText() {
        for (String bad : new String[] {"orders", "/default", "/default/a/b", "default/orders", "/default/or.ders",
                "/de fault/x", "//x", "/default/"}) {
            assertStatus(() -> client.reliableProducer(bad, "p"), Status.Code.INVALID_ARGUMENT,
                    "has an invalid format, should be: /namespace_name/topic_name");
            assertStatus(() -> client.subscribe(bad, "s", "c", SubscriptionType.Shared),
                    Status.Code.INVALID_ARGUMENT, "invalid format");
        }
        assertStatus(() -> lookup("nope"), Status.Code.INVALID_ARGUMENT, "invalid format");
        client.reliableProducer("/default/Ünïcode_ok-1", "p");
        assertThat(danube.broker().topics()).contains("/default/Ünïcode_ok-1");
    }

    @Test
    void producerAutoCreatesOnlyInAnExistingNamespace() {
        assertStatus(() -> client.reliableProducer("/missing/orders", "p"), Status.Code.UNAVAILABLE,
                "Unable to find the namespace missing");
        assertThat(danube.broker().topics()).doesNotContain("/missing/orders");

        client.reliableProducer("/preset/orders", "p");
        danube.broker().createNamespace("later");
        client.reliableProducer("/later/orders", "p");
        assertThat(danube.broker().topics()).contains("/preset/orders", "/later/orders");
    }

    @Test
    void consumersAndLookupsNeverCreateTopics() {
        assertStatus(() -> client.subscribe("/default/ghost", "s", "c", SubscriptionType.Shared),
                Status.Code.NOT_FOUND, null);
        assertStatus(() -> lookup("/default/ghost"), Status.Code.NOT_FOUND, null);
        assertThat(partitions("/default/ghost")).isEmpty();
        assertThat(danube.broker().topics()).doesNotContain("/default/ghost");
    }

    @Test
    void lookupAnswersConnectWithTheBrokersOwnUrls() {
        client.createProducer("/default/lookup-me", "p", DispatchStrategy.NonReliable);
        TopicLookupResponse response = lookup("/default/lookup-me");
        assertThat(response.getRequestId()).isEqualTo(7);
        assertThat(response.getResponseType()).isEqualTo(TopicLookupResponse.LookupType.Connect);
        assertThat(response.getConnectUrl()).isEqualTo(danube.serviceUrl());
        assertThat(response.getBrokerUrl()).isEqualTo(danube.serviceUrl());
        assertThat(response.getProxy()).isFalse();
    }

    @Test
    void dispatchStrategyIsFixedAtCreation() {
        client.createProducer("/default/fixed", "p1", DispatchStrategy.Reliable);
        assertStatus(() -> client.createProducer("/default/fixed", "p2", DispatchStrategy.NonReliable),
                Status.Code.FAILED_PRECONDITION, "Producer requested dispatch strategy does not match topic strategy");
    }

    @Test
    void partitionsOfPlainPartitionedAndMissingTopics() {
        client.reliableProducer("/default/plain", "p");
        assertThat(partitions("/default/plain")).containsExactly("/default/plain");

        danube.broker().createPartitionedTopic("/default/parted", 3, DispatchStrategy.Reliable);
        assertThat(partitions("/default/parted"))
                .containsExactly("/default/parted-part-0", "/default/parted-part-1", "/default/parted-part-2");
        assertThat(lookup("/default/parted-part-1").getResponseType())
                .isEqualTo(TopicLookupResponse.LookupType.Connect);
        assertStatus(() -> lookup("/default/parted"), Status.Code.NOT_FOUND, null);

        // A producer of a partitioned topic auto-creates each partition on its own.
        client.reliableProducer("/default/auto-part-0", "p-0");
        client.reliableProducer("/default/auto-part-1", "p-1");
        assertThat(partitions("/default/auto")).containsExactly("/default/auto-part-0", "/default/auto-part-1");
    }

    @Test
    void aBaseNameCannotBeBothPartitionedAndNot() {
        danube.broker().createPartitionedTopic("/default/clash", 2, DispatchStrategy.Reliable);
        assertStatus(() -> client.reliableProducer("/default/clash", "p"), Status.Code.ALREADY_EXISTS, null);

        client.reliableProducer("/default/single", "p");
        assertStatus(() -> client.reliableProducer("/default/single-part-0", "p"), Status.Code.ALREADY_EXISTS, null);
        assertStatus(() -> danube.broker().createPartitionedTopic("/default/single", 2, DispatchStrategy.Reliable),
                Status.Code.ALREADY_EXISTS, null);
        assertStatus(() -> danube.broker().createTopic("/default/single", DispatchStrategy.Reliable),
                Status.Code.ALREADY_EXISTS, null);
    }

    /**
     * {@code broker_service.rs} {@code topic_partitions} answers from a metadata prefix scan with no separator
     * ({@code danube-raft/src/raft_store.rs} {@code get_childrens}): when the base topic is not itself a topic,
     * every topic whose name starts with it comes back, siblings such as {@code -dlq} included, in key order.
     * The name is checked first (INVALID_ARGUMENT), a missing topic gives an empty list.
     */
    @Test
    void topicPartitionsIsAPrefixScanThatIncludesSiblings() {
        danube.broker().createPartitionedTopic("/default/orders", 2, DispatchStrategy.Reliable);
        client.reliableProducer("/default/orders-dlq", "dead-letters");
        assertThat(partitions("/default/orders"))
                .containsExactly("/default/orders-dlq", "/default/orders-part-0", "/default/orders-part-1");
        client.reliableProducer("/default/solo-dlq", "dead-letters");
        assertThat(partitions("/default/solo")).as("only a sibling").containsExactly("/default/solo-dlq");
        client.reliableProducer("/default/solo-dlq2", "p");
        assertThat(partitions("/default/solo-dlq")).as("a plain topic is returned alone")
                .containsExactly("/default/solo-dlq");
        assertThat(partitions("/default/nothing-here")).isEmpty();
        assertStatus(() -> partitions("orders"), Status.Code.INVALID_ARGUMENT, "has an invalid format");
    }

    /**
     * {@code topic_cluster.rs} {@code validate_topic_creation}: a plain topic cannot be created while the prefix
     * scan finds other topics, so {@code /default/payments} is ALREADY_EXISTS once {@code /default/payments-dlq}
     * exists; partitions are only checked against a plain topic with their base name.
     */
    @Test
    void creatingAPlainTopicFailsWhenASiblingSharesItsPrefix() {
        client.reliableProducer("/default/payments-dlq", "dead-letters");
        assertStatus(() -> client.reliableProducer("/default/payments", "p"), Status.Code.ALREADY_EXISTS,
                "Cannot create topic '/default/payments': partitioned topics with this base name already exist "
                        + "(found 1 partitions)");
        assertStatus(() -> danube.broker().createTopic("/default/payments", DispatchStrategy.Reliable),
                Status.Code.ALREADY_EXISTS, null);
        assertThat(client.reliableProducer("/default/payments-part-0", "p")).as("a partition is fine").isPositive();
        assertStatus(() -> danube.broker().createTopic("/default/payments-dlq", DispatchStrategy.Reliable),
                Status.Code.ALREADY_EXISTS, "Topic '/default/payments-dlq' already exists");
    }

    @Test
    void autoCreateOffMeansNotFound() {
        try (DanubeTestBroker strict = DanubeTestBroker.builder().autoCreateTopics(false).build().start();
             RawClient raw = new RawClient(strict)) {
            assertStatus(() -> raw.reliableProducer("/default/x", "p"), Status.Code.NOT_FOUND, null);
            strict.createTopic("/default/x", DispatchStrategy.Reliable);
            assertThat(raw.reliableProducer("/default/x", "p")).isPositive();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
