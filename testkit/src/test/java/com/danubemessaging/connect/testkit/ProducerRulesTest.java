package com.danubemessaging.connect.testkit;

import static com.danubemessaging.connect.testkit.RawClient.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.proto.MessageResponse;
import com.danubemessaging.connect.proto.StreamMessage;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CreateProducer and SendMessage rules (danube-facts §2.3). */
class ProducerRulesTest extends RawClientTestBase {

    @RegisterExtension
    static DanubeBrokerExtension danube = DanubeBrokerExtension.create(b -> b.maxMessageSize(1024));

    @Override
    DanubeTestBroker broker() {
        return danube.broker();
    }

    @Test
    void sameProducerNameOnATopicGetsTheSameId() {
        long first = client.reliableProducer("/default/names", "writer");
        long again = client.reliableProducer("/default/names", "writer");
        long other = client.reliableProducer("/default/names", "other-writer");
        long elsewhere = client.reliableProducer("/default/names-2", "writer");
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(elsewhere).isNotEqualTo(first);
    }

    @Test
    void sendEchoesTheRequestIdAndTheBrokerStampsOffsets() {
        long id = client.reliableProducer("/default/offsets", "p");
        for (int i = 0; i < 3; i++) {
            MessageResponse response = client.producers.sendMessage(
                    RawClient.message(id, "/default/offsets", "p", "m" + i).toBuilder().setRequestId(100 + i).build());
            assertThat(response.getRequestId()).isEqualTo(100 + i);
        }
        assertThat(danube.broker().messageCount("/default/offsets")).isEqualTo(3);
        assertThat(danube.broker().messages("/default/offsets")).extracting(m -> m.getMsgId().getTopicOffset())
                .containsExactly(0L, 1L, 2L);
        // Only topic_offset is stamped by the WAL (danube-persistent-storage/src/wal.rs); broker_addr is the client's.
        assertThat(danube.broker().messages("/default/offsets").get(0).getMsgId().getBrokerAddr())
                .isEqualTo("http://127.0.0.1");
    }

    /** Non-reliable messages are dispatched as sent, never numbered: topic_offset stays 0 (topic.rs). */
    @Test
    void nonReliableMessagesKeepTopicOffsetZero() throws Exception {
        String topic = "/default/non-reliable-offsets";
        long id = client.createProducer(topic, "p", com.danubemessaging.connect.proto.DispatchStrategy.NonReliable);
        RawClient.Inbox inbox = client.receive(client.subscribe(topic, "sub", "c",
                com.danubemessaging.connect.proto.ConsumerRequest.SubscriptionType.Shared));
        org.awaitility.Awaitility.await().until(() -> danube.broker().activeConsumers(topic, "sub").size() == 1);
        for (int i = 0; i < 3; i++) {
            client.send(id, topic, "p", "m" + i);
        }
        org.awaitility.Awaitility.await().until(() -> inbox.received() == 3);
        assertThat(inbox.all).extracting(m -> m.getMsgId().getTopicOffset()).containsExactly(0L, 0L, 0L);
        assertThat(danube.broker().messages(topic)).extracting(m -> m.getMsgId().getTopicOffset())
                .containsExactly(0L, 0L, 0L);
    }

    @Test
    void sendWithoutMsgIdIsInvalidArgumentNotACrash() {
        client.reliableProducer("/default/no-id", "p");
        assertStatus(() -> client.producers.sendMessage(StreamMessage.newBuilder().setRequestId(1)
                .setPayload(ByteString.copyFromUtf8("x")).build()), Status.Code.INVALID_ARGUMENT, "msg_id");
    }

    @Test
    void unknownProducerIsNotFound() {
        client.reliableProducer("/default/unknown-producer", "p");
        assertStatus(() -> client.send(424242L, "/default/unknown-producer", "p", "x"), Status.Code.NOT_FOUND,
                "424242");
    }

    @Test
    void oversizedMessageIsInvalidArgument() {
        long id = client.createProducer("/default/big", "p", DispatchStrategy.NonReliable);
        client.send(id, "/default/big", "p", "a".repeat(1024));
        assertStatus(() -> client.send(id, "/default/big", "p", "a".repeat(1025)), Status.Code.INVALID_ARGUMENT,
                "exceeds the maximum of 1024 bytes");
        assertThat(danube.broker().messageCount("/default/big")).isEqualTo(1);
    }
}
