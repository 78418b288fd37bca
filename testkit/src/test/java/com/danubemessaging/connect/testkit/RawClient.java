package com.danubemessaging.connect.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.danubemessaging.connect.proto.AckRequest;
import com.danubemessaging.connect.proto.ConsumerRequest;
import com.danubemessaging.connect.proto.ConsumerRequest.SubscriptionType;
import com.danubemessaging.connect.proto.ConsumerServiceGrpc;
import com.danubemessaging.connect.proto.DiscoveryGrpc;
import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.proto.HealthCheckGrpc;
import com.danubemessaging.connect.proto.HealthCheckRequest;
import com.danubemessaging.connect.proto.HealthCheckResponse;
import com.danubemessaging.connect.proto.MsgID;
import com.danubemessaging.connect.proto.NackRequest;
import com.danubemessaging.connect.proto.ProducerRequest;
import com.danubemessaging.connect.proto.ProducerServiceGrpc;
import com.danubemessaging.connect.proto.ReceiveRequest;
import com.danubemessaging.connect.proto.StreamMessage;
import com.danubemessaging.connect.proto.schema.SchemaRegistryGrpc;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The raw generated stubs against a test broker, with small helpers; no Danube client involved. */
final class RawClient implements AutoCloseable {

    final ManagedChannel channel;
    final ProducerServiceGrpc.ProducerServiceBlockingStub producers;
    final ConsumerServiceGrpc.ConsumerServiceBlockingStub consumers;
    final ConsumerServiceGrpc.ConsumerServiceStub consumersAsync;
    final DiscoveryGrpc.DiscoveryBlockingStub discovery;
    final HealthCheckGrpc.HealthCheckBlockingStub health;
    final SchemaRegistryGrpc.SchemaRegistryBlockingStub schemas;
    private final AtomicLong requestIds = new AtomicLong();

    RawClient(DanubeTestBroker broker) {
        this(NettyChannelBuilder.forAddress("127.0.0.1", broker.port()).usePlaintext().build());
    }

    RawClient(ManagedChannel channel) {
        this.channel = channel;
        producers = ProducerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        consumers = ConsumerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        consumersAsync = ConsumerServiceGrpc.newStub(channel);
        discovery = DiscoveryGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        health = HealthCheckGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        schemas = SchemaRegistryGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    long nextRequestId() {
        return requestIds.incrementAndGet();
    }

    long createProducer(String topic, String name, DispatchStrategy strategy) {
        return producers.createProducer(ProducerRequest.newBuilder().setRequestId(nextRequestId())
                .setTopicName(topic).setProducerName(name).setDispatchStrategy(strategy).build()).getProducerId();
    }

    long reliableProducer(String topic, String name) {
        return createProducer(topic, name, DispatchStrategy.Reliable);
    }

    static StreamMessage message(long producerId, String topic, String producerName, String payload) {
        return StreamMessage.newBuilder()
                .setMsgId(MsgID.newBuilder().setProducerId(producerId).setTopicName(topic)
                        .setBrokerAddr("http://127.0.0.1").setTopicOffset(0))
                .setPayload(ByteString.copyFrom(payload, StandardCharsets.UTF_8))
                .setPublishTime(System.currentTimeMillis()).setProducerName(producerName).build();
    }

    void send(long producerId, String topic, String producerName, String payload) {
        producers.sendMessage(message(producerId, topic, producerName, payload).toBuilder()
                .setRequestId(nextRequestId()).build());
    }

    void sendWithKey(long producerId, String topic, String producerName, String payload, String key) {
        producers.sendMessage(message(producerId, topic, producerName, payload).toBuilder()
                .setRequestId(nextRequestId()).setRoutingKey(key).build());
    }

    /** Sends {@code count} copies with up to 256 calls in flight (order on the broker is arrival order). */
    void sendConcurrently(long producerId, String topic, String producerName, String payload, int count)
            throws Exception {
        ProducerServiceGrpc.ProducerServiceFutureStub async = ProducerServiceGrpc.newFutureStub(channel);
        java.util.ArrayDeque<com.google.common.util.concurrent.ListenableFuture<?>> inFlight =
                new java.util.ArrayDeque<>();
        StreamMessage template = message(producerId, topic, producerName, payload);
        for (int i = 0; i < count; i++) {
            if (inFlight.size() >= 256) {
                inFlight.poll().get(10, TimeUnit.SECONDS);
            }
            inFlight.add(async.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .sendMessage(template.toBuilder().setRequestId(nextRequestId()).build()));
        }
        while (!inFlight.isEmpty()) {
            inFlight.poll().get(10, TimeUnit.SECONDS);
        }
    }

    long subscribe(String topic, String subscription, String consumerName, SubscriptionType type,
                   String... keyFilters) {
        return consumers.subscribe(ConsumerRequest.newBuilder().setRequestId(nextRequestId()).setTopicName(topic)
                .setSubscription(subscription).setConsumerName(consumerName).setSubscriptionType(type)
                .addAllKeyFilters(List.of(keyFilters)).build()).getConsumerId();
    }

    Inbox receive(long consumerId) {
        Inbox inbox = new Inbox();
        consumersAsync.receiveMessages(ReceiveRequest.newBuilder().setRequestId(nextRequestId())
                .setConsumerId(consumerId).build(), inbox);
        return inbox;
    }

    /** Opens a stream that asks for one message at a time only when {@link Inbox#request(int)} is called. */
    Inbox receiveWithManualFlowControl(long consumerId, int initialRequest) {
        Inbox inbox = new Inbox(initialRequest);
        consumersAsync.receiveMessages(ReceiveRequest.newBuilder().setRequestId(nextRequestId())
                .setConsumerId(consumerId).build(), inbox);
        return inbox;
    }

    void ack(StreamMessage message, String subscription) {
        consumers.ack(AckRequest.newBuilder().setRequestId(nextRequestId()).setMsgId(message.getMsgId())
                .setSubscriptionName(subscription).build());
    }

    void nack(StreamMessage message, String subscription, Long delayMs, String reason) {
        NackRequest.Builder nack = NackRequest.newBuilder().setRequestId(nextRequestId())
                .setMsgId(message.getMsgId()).setSubscriptionName(subscription);
        if (delayMs != null) {
            nack.setDelayMs(delayMs);
        }
        if (reason != null) {
            nack.setReason(reason);
        }
        consumers.nack(nack.build());
    }

    HealthCheckResponse.ClientStatus health(HealthCheckRequest.ClientType type, long id) {
        return health.healthCheck(HealthCheckRequest.newBuilder().setRequestId(nextRequestId()).setClient(type)
                .setId(id).build()).getStatus();
    }

    static StatusRuntimeException failure(Runnable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).as("expected the call to fail with a gRPC status").isNotNull();
        return e;
    }

    static void assertStatus(Runnable call, Status.Code code, String descriptionPart) {
        StatusRuntimeException e = failure(call);
        assertThat(e.getStatus().getCode()).as(e.toString()).isEqualTo(code);
        if (descriptionPart != null) {
            assertThat(e.getStatus().getDescription()).contains(descriptionPart);
        }
    }

    static String text(StreamMessage message) {
        return message.getPayload().toStringUtf8();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Collects what a ReceiveMessages stream delivers, and how it ended. */
    static final class Inbox implements ClientResponseObserver<ReceiveRequest, StreamMessage> {
        final java.util.concurrent.LinkedBlockingQueue<StreamMessage> messages =
                new java.util.concurrent.LinkedBlockingQueue<>();
        final java.util.concurrent.CopyOnWriteArrayList<StreamMessage> all =
                new java.util.concurrent.CopyOnWriteArrayList<>();

        final java.util.concurrent.atomic.AtomicReference<Status> end =
                new java.util.concurrent.atomic.AtomicReference<>();
        private final int initialRequest;
        private volatile ClientCallStreamObserver<ReceiveRequest> call;

        Inbox() {
            this(-1);
        }

        Inbox(int initialRequest) {
            this.initialRequest = initialRequest;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<ReceiveRequest> requestStream) {
            this.call = requestStream;
            if (initialRequest >= 0) {
                requestStream.disableAutoRequestWithInitial(initialRequest);
            }
        }

        @Override
        public void onNext(StreamMessage value) {
            all.add(value);
            messages.add(value);
        }

        @Override
        public void onError(Throwable t) {
            end.set(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            end.set(Status.OK);
        }

        void request(int n) {
            call.request(n);
        }

        void cancel() {
            call.cancel("test cancels the stream", null);
        }

        StreamMessage next() throws InterruptedException {
            StreamMessage m = messages.poll(10, TimeUnit.SECONDS);
            assertThat(m).as("a message within 10 s").isNotNull();
            return m;
        }

        int received() {
            return all.size();
        }

        List<String> texts() {
            return all.stream().map(RawClient::text).toList();
        }
    }
}
