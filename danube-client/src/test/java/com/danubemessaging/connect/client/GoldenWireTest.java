package com.danubemessaging.connect.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.ConsumerResponse;
import com.danubemessaging.connect.proto.MessageResponse;
import com.danubemessaging.connect.proto.MsgID;
import com.danubemessaging.connect.proto.ProducerResponse;
import com.danubemessaging.connect.proto.StreamMessage;
import com.danubemessaging.connect.proto.TopicLookupResponse;
import com.danubemessaging.connect.proto.TopicPartitionsResponse;
import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Captures the raw bytes the client sends and decodes them with field numbers taken by hand from Danube's
 * DanubeApi.proto (v0.15.1), independently of the generated classes.
 */
class GoldenWireTest {

    private static final String TOPIC = "/default/golden";
    private static final String BROKER_URL = "http://broker-7.danube:6650";
    private static final Metadata.Key<String> BROKER_HEADER =
            Metadata.Key.of("x-danube-broker-url", Metadata.ASCII_STRING_MARSHALLER);

    private RawGrpcServer server;
    private DanubeClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private RawGrpcServer lookupServer() {
        RawGrpcServer s = new RawGrpcServer();
        // Proxy mode: connect to the server itself but name another broker, so the routing header must appear.
        return s.unary("danube.Discovery/TopicLookup", req -> TopicLookupResponse.newBuilder()
                .setResponseType(TopicLookupResponse.LookupType.Connect)
                .setConnectUrl(s.url())
                .setBrokerUrl(BROKER_URL)
                .setProxy(true)
                .build().toByteArray());
    }

    @Test
    void createProducerAndSendMessageUseDanubeFieldNumbers() throws Exception {
        server = lookupServer()
                .unary("danube.ProducerService/CreateProducer",
                        req -> ProducerResponse.newBuilder().setProducerId(99).setProducerName("gp").build()
                                .toByteArray())
                .unary("danube.ProducerService/SendMessage",
                        req -> MessageResponse.newBuilder().setRequestId(1).build().toByteArray())
                .start();
        client = DanubeClient.builder().serviceUrl(server.url()).build();
        Producer producer = client.newProducer().topic(TOPIC).name("gp").reliable(true).create();

        long before = System.currentTimeMillis();
        MessageId id = producer.send(OutgoingMessage.of("hello".getBytes(StandardCharsets.UTF_8))
                .attributes(Map.of("k", "v")).key("rk"));
        long after = System.currentTimeMillis();

        WireFields lookup = WireFields.decode(server.calls("danube.Discovery/TopicLookup").get(0).request());
        assertThat(lookup.string(2)).isEqualTo(TOPIC);

        RawGrpcServer.Captured create = server.calls("danube.ProducerService/CreateProducer").get(0);
        WireFields createFields = WireFields.decode(create.request());
        assertThat(createFields.varint(1)).isPositive();            // request_id
        assertThat(createFields.string(2)).isEqualTo("gp");         // producer_name
        assertThat(createFields.string(3)).isEqualTo(TOPIC);        // topic_name
        assertThat(createFields.has(4)).isFalse();                  // no schema_ref
        assertThat(createFields.has(5)).isFalse();                  // access mode Shared = 0 (default, not sent)
        assertThat(createFields.varint(6)).isEqualTo(1);            // dispatch_strategy Reliable = 1
        assertThat(create.headers().get(BROKER_HEADER)).isEqualTo(BROKER_URL);

        RawGrpcServer.Captured send = server.calls("danube.ProducerService/SendMessage").get(0);
        WireFields msg = WireFields.decode(send.request());
        assertThat(msg.numbers()).containsExactly(1, 2, 3, 4, 5, 7, 10);
        WireFields msgId = msg.message(2);
        assertThat(msgId.varint(1)).isEqualTo(99);                  // producer_id
        assertThat(msgId.string(2)).isEqualTo(TOPIC);               // topic_name
        assertThat(msgId.string(3)).isEqualTo(BROKER_URL);          // broker_addr
        assertThat(msgId.numbers()).doesNotContain(4, 5);           // no field 4; topic_offset 0 is the default
        assertThat(new String(msg.bytes(3), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(msg.varint(4)).isBetween(before, after);         // publish_time in milliseconds
        assertThat(msg.string(5)).isEqualTo("gp");                  // producer_name
        WireFields attribute = msg.messages(7).get(0);              // map entry {1: key, 2: value}
        assertThat(attribute.string(1)).isEqualTo("k");
        assertThat(attribute.string(2)).isEqualTo("v");
        assertThat(msg.string(10)).isEqualTo("rk");                 // routing_key
        assertThat(send.headers().get(BROKER_HEADER)).isEqualTo(BROKER_URL);

        assertThat(id).isEqualTo(new MessageId(99, TOPIC, BROKER_URL, 0));
    }

    @Test
    void subscribeReceiveAckAndNackUseDanubeFieldNumbers() throws Exception {
        StreamMessage delivered = StreamMessage.newBuilder()
                .setRequestId(5)
                .setMsgId(MsgID.newBuilder().setProducerId(99).setTopicName(TOPIC).setBrokerAddr(BROKER_URL)
                        .setTopicOffset(42))
                .setPayload(ByteString.copyFromUtf8("x"))
                .setPublishTime(1234)
                .setProducerName("gp")
                .setRoutingKey("eu-1")
                .build();
        server = lookupServer()
                .unary("danube.Discovery/TopicPartitions",
                        req -> TopicPartitionsResponse.newBuilder().addPartitions(TOPIC).build().toByteArray())
                .unary("danube.ConsumerService/Subscribe",
                        req -> ConsumerResponse.newBuilder().setConsumerId(7).setConsumerName("gc").build()
                                .toByteArray())
                .serverStreaming("danube.ConsumerService/ReceiveMessages",
                        (req, observer) -> observer.onNext(delivered.toByteArray()))
                .unary("danube.ConsumerService/Ack", req -> new byte[0])
                .unary("danube.ConsumerService/Nack", req -> new byte[0])
                .start();
        client = DanubeClient.builder().serviceUrl(server.url()).build();
        Consumer consumer = client.newConsumer().topic(TOPIC).name("gc").subscription("golden-sub")
                .type(SubscriptionType.KEY_SHARED).keyFilters(List.of("eu-*")).subscribe();

        ReceivedMessage message = consumer.receive(Duration.ofSeconds(10));
        assertThat(message).isNotNull();
        assertThat(message.messageId()).isEqualTo(new MessageId(99, TOPIC, BROKER_URL, 42));
        assertThat(message.routingKey()).contains("eu-1");
        assertThat(message.topic()).isEqualTo(TOPIC);
        assertThat(message.partition()).isEmpty();
        consumer.ack(message).get();
        consumer.nack(message, Duration.ofMillis(1500), "sink down").get();

        WireFields subscribe = WireFields.decode(server.calls("danube.ConsumerService/Subscribe").get(0).request());
        assertThat(subscribe.string(2)).isEqualTo(TOPIC);
        assertThat(subscribe.string(3)).isEqualTo("gc");
        assertThat(subscribe.string(4)).isEqualTo("golden-sub");
        assertThat(subscribe.varint(5)).isEqualTo(3);               // KeyShared = 3
        assertThat(subscribe.strings(6)).containsExactly("eu-*");   // key_filters

        WireFields receive = WireFields.decode(
                server.calls("danube.ConsumerService/ReceiveMessages").get(0).request());
        assertThat(receive.varint(2)).isEqualTo(7);                 // consumer_id

        RawGrpcServer.Captured ack = server.calls("danube.ConsumerService/Ack").get(0);
        WireFields ackFields = WireFields.decode(ack.request());
        WireFields ackId = ackFields.message(2);
        assertThat(ackId.varint(1)).isEqualTo(99);
        assertThat(ackId.string(2)).isEqualTo(TOPIC);
        assertThat(ackId.string(3)).isEqualTo(BROKER_URL);
        assertThat(ackId.has(4)).isFalse();
        assertThat(ackId.varint(5)).isEqualTo(42);                  // topic_offset is field 5
        assertThat(ackFields.string(3)).isEqualTo("golden-sub");    // the consumer's own subscription
        assertThat(ack.headers().get(BROKER_HEADER)).isEqualTo(BROKER_URL);

        WireFields nack = WireFields.decode(server.calls("danube.ConsumerService/Nack").get(0).request());
        assertThat(nack.message(2).varint(5)).isEqualTo(42);
        assertThat(nack.string(3)).isEqualTo("golden-sub");
        assertThat(nack.varint(4)).isEqualTo(1500);                 // delay_ms
        assertThat(nack.string(5)).isEqualTo("sink down");          // reason
        await().atMost(Duration.ofSeconds(5)).until(consumer::isReady);
    }
}
