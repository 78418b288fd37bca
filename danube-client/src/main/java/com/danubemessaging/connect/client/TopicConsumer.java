package com.danubemessaging.connect.client;

import com.danubemessaging.connect.proto.AckRequest;
import com.danubemessaging.connect.proto.AckResponse;
import com.danubemessaging.connect.proto.ConsumerRequest;
import com.danubemessaging.connect.proto.ConsumerResponse;
import com.danubemessaging.connect.proto.ConsumerServiceGrpc;
import com.danubemessaging.connect.proto.HealthCheckRequest;
import com.danubemessaging.connect.proto.NackRequest;
import com.danubemessaging.connect.proto.NackResponse;
import com.danubemessaging.connect.proto.ReceiveRequest;
import com.danubemessaging.connect.proto.StreamMessage;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer of one (partition) topic: Subscribe, one ReceiveMessages stream with manual flow control, and
 * re-subscription whenever the stream ends, fails, or a health check says CLOSE.
 *
 * <p>Flow control: {@code buffered + requested-but-not-received <= credits}; a message handed to the application frees
 * one credit, which is then requested from the broker. A slow application therefore stops the stream.
 */
final class TopicConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(TopicConsumer.class);

    /** A received message and the partition consumer it came from. */
    record Delivery(TopicConsumer source, ReceivedMessage message) {
    }

    private final ClientContext context;
    private final ConsumerBuilder.ConsumerSettings settings;
    private final String topic;
    private final OptionalInt partition;
    private final int credits;
    private final Consumer<Delivery> sink;
    private final Consumer<DanubeClientException> errors;

    private final Object lock = new Object();
    private BrokerAddress address;
    private long consumerId;
    private ClientCallStreamObserver<ReceiveRequest> stream;
    private long generation;
    private int buffered;
    private int requested;
    private int connectAttempts;
    private boolean streaming;
    private boolean connecting;
    private boolean reconnectWanted;
    private boolean closed;
    private ScheduledFuture<?> healthTask;

    TopicConsumer(ClientContext context, ConsumerBuilder.ConsumerSettings settings, String topic,
                  OptionalInt partition, int credits, Consumer<Delivery> sink,
                  Consumer<DanubeClientException> errors) {
        this.context = context;
        this.settings = settings;
        this.topic = topic;
        this.partition = partition;
        this.credits = credits;
        this.sink = sink;
        this.errors = errors;
    }

    void start() {
        context.runLater(0, this::connect);
        long interval = context.healthCheckInterval.toMillis();
        healthTask = context.scheduler.scheduleWithFixedDelay(this::checkHealth, interval, interval,
                TimeUnit.MILLISECONDS);
    }

    boolean isStreaming() {
        synchronized (lock) {
            return streaming;
        }
    }

    /** Looks the topic up, subscribes and opens the stream; on failure tries again later. */
    private void connect() {
        synchronized (lock) {
            if (connecting) {
                // A stream opened by the running attempt already ended: retry once that attempt is done.
                reconnectWanted = true;
                return;
            }
            if (closed || streaming) {
                return;
            }
            connecting = true;
            reconnectWanted = false;
        }
        boolean subscribed = false;
        boolean retry;
        try {
            subscribed = subscribeAndStream();
        } finally {
            synchronized (lock) {
                connecting = false;
                retry = !subscribed || (reconnectWanted && !streaming);
                reconnectWanted = false;
            }
        }
        if (retry) {
            scheduleReconnect();
        }
    }

    /** One attempt; false when it failed and should be retried. */
    private boolean subscribeAndStream() {
        ConsumerRequest.Builder request = ConsumerRequest.newBuilder()
                .setTopicName(topic)
                .setConsumerName(settings.name())
                .setSubscription(settings.subscription())
                .setSubscriptionType(settings.type().toProto())
                .addAllKeyFilters(settings.keyFilters());
        try {
            BrokerAddress target = context.lookup(topic);
            ConsumerResponse response = ConsumerServiceGrpc.newBlockingStub(context.channel(target))
                    .withDeadlineAfter(context.rpcTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .subscribe(request.setRequestId(context.nextRequestId()).build());
            synchronized (lock) {
                if (closed) {
                    return true;
                }
                address = target;
                consumerId = response.getConsumerId();
                openStream();
            }
            LOG.debug("Consumer {} subscribed to {} as id {}", settings.name(), topic, response.getConsumerId());
            return true;
        } catch (StatusRuntimeException | DanubeClientException e) {
            errors.accept(StatusClassifier.translate(e, "subscribe '" + settings.subscription() + "'", topic,
                    context.serviceUrl, connectAttempts + 1));
            return false;
        }
    }

    private void scheduleReconnect() {
        long delay;
        synchronized (lock) {
            if (closed) {
                return;
            }
            delay = context.backoff.delayMillis(Math.min(connectAttempts++, 100));
        }
        context.runLater(delay, this::connect);
    }

    /** Caller holds the lock. */
    private void openStream() {
        if (stream != null) {
            stream.cancel("replaced by a new stream", null);
        }
        long streamGeneration = ++generation;
        int initial = Math.max(0, credits - buffered);
        requested = initial;
        streaming = true;
        ReceiveRequest request = ReceiveRequest.newBuilder()
                .setRequestId(context.nextRequestId()).setConsumerId(consumerId).build();
        ConsumerServiceGrpc.newStub(context.channel(address)).receiveMessages(request,
                new ClientResponseObserver<ReceiveRequest, StreamMessage>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<ReceiveRequest> requestStream) {
                        requestStream.disableAutoRequestWithInitial(initial);
                        stream = requestStream;
                    }

                    @Override
                    public void onNext(StreamMessage message) {
                        onMessage(streamGeneration, message);
                    }

                    @Override
                    public void onError(Throwable t) {
                        onStreamEnd(streamGeneration, t);
                    }

                    @Override
                    public void onCompleted() {
                        onStreamEnd(streamGeneration, null);
                    }
                });
    }

    private void onMessage(long streamGeneration, StreamMessage message) {
        synchronized (lock) {
            buffered++;
            if (streamGeneration == generation) {
                requested = Math.max(0, requested - 1);
                connectAttempts = 0;
            }
        }
        sink.accept(new Delivery(this, toReceived(message)));
    }

    /** The application took one of this partition's messages: ask the broker for another if credits allow. */
    void onHandedOver() {
        synchronized (lock) {
            buffered = Math.max(0, buffered - 1);
            if (streaming && stream != null && buffered + requested < credits) {
                requested++;
                stream.request(1);
            }
        }
    }

    private void onStreamEnd(long streamGeneration, Throwable error) {
        synchronized (lock) {
            if (streamGeneration != generation || closed) {
                return;
            }
            streaming = false;
            stream = null;
        }
        if (error != null) {
            errors.accept(StatusClassifier.translate(error, "receive messages", topic, context.serviceUrl, 1));
        }
        LOG.debug("Stream of consumer {} on {} ended ({}); subscribing again", settings.name(), topic,
                error == null ? "completed" : Status.fromThrowable(error).getCode());
        scheduleReconnect();
    }

    private void checkHealth() {
        BrokerAddress target;
        long id;
        synchronized (lock) {
            if (!streaming || closed) {
                return;
            }
            target = address;
            id = consumerId;
        }
        context.healthCheck(target, HealthCheckRequest.ClientType.Consumer, id, this::onHealthClose);
    }

    private void onHealthClose() {
        ClientCallStreamObserver<ReceiveRequest> old;
        synchronized (lock) {
            if (!streaming || closed) {
                return;
            }
            LOG.info("Broker closed consumer {} on {}; subscribing again", settings.name(), topic);
            generation++;
            streaming = false;
            old = stream;
            stream = null;
        }
        if (old != null) {
            old.cancel("health check answered CLOSE", null);
        }
        context.runLater(0, this::connect);
    }

    CompletableFuture<Void> ack(ReceivedMessage message) {
        AckRequest request = AckRequest.newBuilder()
                .setRequestId(context.nextRequestId())
                .setMsgId(message.messageId().toProto())
                .setSubscriptionName(settings.subscription())
                .build();
        return context.<AckRequest, AckResponse>unaryWithRetries("ack", topic, this::currentChannel, request,
                (channel, timeout, req, observer) -> ConsumerServiceGrpc.newStub(channel)
                        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).ack(req, observer))
                .thenApply(r -> null);
    }

    CompletableFuture<Void> nack(ReceivedMessage message, Duration delay, String reason) {
        NackRequest.Builder request = NackRequest.newBuilder()
                .setRequestId(context.nextRequestId())
                .setMsgId(message.messageId().toProto())
                .setSubscriptionName(settings.subscription());
        if (delay != null) {
            request.setDelayMs(Math.max(0, delay.toMillis()));
        }
        if (reason != null) {
            request.setReason(reason);
        }
        return context.<NackRequest, NackResponse>unaryWithRetries("nack", topic, this::currentChannel,
                request.build(), (channel, timeout, req, observer) -> ConsumerServiceGrpc.newStub(channel)
                        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).nack(req, observer))
                .thenApply(r -> null);
    }

    private io.grpc.Channel currentChannel() {
        synchronized (lock) {
            return context.channel(address == null ? BrokerAddress.direct(context.serviceUrl) : address);
        }
    }

    void close() {
        ClientCallStreamObserver<ReceiveRequest> old;
        synchronized (lock) {
            closed = true;
            streaming = false;
            generation++;
            old = stream;
            stream = null;
        }
        if (healthTask != null) {
            healthTask.cancel(false);
        }
        if (old != null) {
            old.cancel("consumer closed", null);
        }
    }

    private ReceivedMessage toReceived(StreamMessage m) {
        return new ReceivedMessage(
                m.getPayload().toByteArray(),
                attributesOf(m),
                MessageId.fromProto(m.getMsgId()),
                settings.topic(),
                topic,
                partition,
                m.getPublishTime(),
                m.getProducerName(),
                m.hasRoutingKey() ? Optional.of(m.getRoutingKey()) : Optional.empty(),
                m.hasSchemaId() ? OptionalLong.of(m.getSchemaId()) : OptionalLong.empty(),
                m.hasSchemaVersion() ? OptionalInt.of(m.getSchemaVersion()) : OptionalInt.empty());
    }

    private static java.util.Map<String, String> attributesOf(StreamMessage m) {
        return java.util.Map.copyOf(m.getAttributesMap());
    }
}
