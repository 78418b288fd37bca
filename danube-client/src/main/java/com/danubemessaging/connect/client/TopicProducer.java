package com.danubemessaging.connect.client;

import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.proto.HealthCheckRequest;
import com.danubemessaging.connect.proto.MessageResponse;
import com.danubemessaging.connect.proto.ProducerAccessMode;
import com.danubemessaging.connect.proto.ProducerRequest;
import com.danubemessaging.connect.proto.ProducerServiceGrpc;
import com.danubemessaging.connect.proto.StreamMessage;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer of one (partition) topic: registration, pipelined sends and recovery.
 *
 * <p>Sends leave in queue order, at most {@code maxInFlight} at a time, and the window always covers consecutive
 * messages starting at the oldest unacknowledged one: a send starts only when every message {@code maxInFlight} or
 * more positions before it has been acknowledged. When one fails, no new send starts until all in-flight ones have
 * answered; then everything from the first failed message on goes back to the front of the queue (go-back-N) and is
 * sent again after a backoff, or after re-registering the producer. A message acknowledged after an earlier one
 * failed is therefore sent again (at-least-once). The broker may process concurrent sends in any order, so the
 * order guarantee is the bounded one described on {@link Producer}.
 */
final class TopicProducer {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProducer.class);
    /** Re-registrations in a row without any successful send before the head message is given up. */
    private static final int MAX_REREGISTRATIONS_WITHOUT_PROGRESS = 2;

    private enum State { QUEUED, IN_FLIGHT, ACKED, FAILED }

    private final ClientContext context;
    private final String topic;
    private final String name;
    private final boolean reliable;
    private final SchemaRef schemaRef;
    private final SchemaResolver.ResolvedSchema schema;
    private final int maxInFlight;
    private final Semaphore window;
    private final Set<CompletableFuture<MessageId>> outstanding = ConcurrentHashMap.newKeySet();

    private final Object lock = new Object();
    private final ArrayDeque<PendingSend> queued = new ArrayDeque<>();
    private final ArrayDeque<PendingSend> inFlight = new ArrayDeque<>();
    private BrokerAddress address;
    private long producerId;
    private ProducerServiceGrpc.ProducerServiceStub stub;
    private boolean registered;
    private boolean recovering;
    private boolean reRegistrationRequested;
    private boolean roundFailed;
    private long generation;
    private int failureStreak;
    private int reRegistrationsWithoutProgress;
    private boolean closed;
    private ScheduledFuture<?> healthTask;

    TopicProducer(ClientContext context, String topic, String name, boolean reliable, SchemaRef schemaRef,
                  SchemaResolver.ResolvedSchema schema, int maxInFlight) {
        this.context = context;
        this.topic = topic;
        this.name = name;
        this.reliable = reliable;
        this.schemaRef = schemaRef;
        this.schema = schema;
        this.maxInFlight = maxInFlight;
        this.window = new Semaphore(maxInFlight);
    }

    /** Registers with the broker (blocking, with retries) and starts the health checks. */
    void create() {
        register();
        long interval = context.healthCheckInterval.toMillis();
        healthTask = context.scheduler.scheduleWithFixedDelay(this::checkHealth, interval, interval,
                TimeUnit.MILLISECONDS);
    }

    private void register() {
        ProducerRequest.Builder request = ProducerRequest.newBuilder()
                .setProducerName(name)
                .setTopicName(topic)
                .setProducerAccessMode(ProducerAccessMode.Shared)
                .setDispatchStrategy(reliable ? DispatchStrategy.Reliable : DispatchStrategy.NonReliable);
        if (schemaRef != null) {
            request.setSchemaRef(SchemaResolver.toProto(schemaRef));
        }
        context.withRetries("create producer '" + name + "'", topic, () -> {
            ClientContext.ProducerRegistration registration = context.createProducer(topic, request);
            synchronized (lock) {
                address = registration.address();
                producerId = registration.producerId();
                stub = ProducerServiceGrpc.newStub(context.channel(registration.address()));
                registered = true;
            }
            LOG.debug("Producer {} on {} registered as id {} at {}", name, topic, registration.producerId(),
                    registration.address().connectUrl());
            return registration;
        });
    }

    CompletableFuture<MessageId> enqueue(OutgoingMessage message) {
        try {
            window.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new DanubeClientException(Status.Code.CANCELLED,
                    "Interrupted while waiting for room in the send window of " + topic, e));
        }
        PendingSend send = new PendingSend(message, System.currentTimeMillis());
        outstanding.add(send.future);
        DanubeClientException rejected = null;
        synchronized (lock) {
            if (closed) {
                rejected = new DanubeClientException(Status.Code.CANCELLED, "Producer for " + topic + " is closed");
            } else {
                queued.add(send);
                if (!registered && !recovering) {
                    startReRegistration();
                } else {
                    pump();
                }
            }
        }
        if (rejected != null) {
            fail(send, rejected);
        }
        return send.future;
    }

    /** Starts queued sends while the window has room. Caller holds the lock. */
    private void pump() {
        while (!recovering && registered && !queued.isEmpty() && inFlight.size() < maxInFlight) {
            PendingSend send = queued.poll();
            send.state = State.IN_FLIGHT;
            inFlight.add(send);
            transmit(send, generation);
        }
    }

    /** Caller holds the lock, so sends start in queue order. */
    private void transmit(PendingSend send, long sentGeneration) {
        send.sentAs = new MessageId(producerId, topic, address.brokerUrl(), 0);
        StreamMessage.Builder wire = StreamMessage.newBuilder()
                .setRequestId(context.nextRequestId())
                .setMsgId(send.sentAs.toProto())
                .setPayload(ByteString.copyFrom(send.message.payload()))
                .setPublishTime(send.publishTimeMillis)
                .setProducerName(name)
                .putAllAttributes(send.message.attributes());
        if (schema != null) {
            wire.setSchemaId(schema.schemaId()).setSchemaVersion(schema.version());
        }
        send.message.key().ifPresent(wire::setRoutingKey);
        stub.withDeadlineAfter(context.rpcTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .sendMessage(wire.build(), new StreamObserver<>() {
                    @Override
                    public void onNext(MessageResponse value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        onResult(send, sentGeneration, t);
                    }

                    @Override
                    public void onCompleted() {
                        onResult(send, sentGeneration, null);
                    }
                });
    }

    private void onResult(PendingSend send, long sentGeneration, Throwable error) {
        List<Runnable> completions = new ArrayList<>();
        synchronized (lock) {
            if (sentGeneration != generation) {
                return;
            }
            if (error == null) {
                send.state = State.ACKED;
                failureStreak = 0;
                reRegistrationsWithoutProgress = 0;
                MessageId id = send.sentAs;
                completions.add(() -> succeed(send, id));
            } else {
                send.state = State.FAILED;
                send.error = error;
                roundFailed = true;
                recovering = true;
            }
            if (!roundFailed) {
                while (!inFlight.isEmpty() && inFlight.peek().state == State.ACKED) {
                    inFlight.poll();
                }
                if (reRegistrationRequested && inFlight.isEmpty()) {
                    startReRegistration();
                } else {
                    pump();
                }
            } else if (inFlight.stream().noneMatch(s -> s.state == State.IN_FLIGHT)) {
                endFailedRound(completions);
            }
        }
        completions.forEach(Runnable::run);
    }

    /** All answers of a round with a failure are in: requeue from the first failure and decide how to recover. */
    private void endFailedRound(List<Runnable> completions) {
        List<PendingSend> round = new ArrayList<>(inFlight);
        inFlight.clear();
        generation++;
        roundFailed = false;
        int firstFailed = 0;
        while (round.get(firstFailed).state != State.FAILED) {
            firstFailed++;
        }
        List<PendingSend> resend = round.subList(firstFailed, round.size());
        for (int i = resend.size() - 1; i >= 0; i--) {
            PendingSend send = resend.get(i);
            send.state = State.QUEUED;
            queued.addFirst(send);
        }
        PendingSend head = resend.get(0);
        Throwable error = head.error;
        Status.Code code = Status.fromThrowable(error).getCode();
        failureStreak++;
        if (StatusClassifier.isRetryable(code) && failureStreak <= context.retry.maxRetries()) {
            long delay = context.backoff.delayMillis(failureStreak - 1);
            LOG.debug("Send to {} failed with {}; retry {} in {} ms", topic, code, failureStreak, delay);
            try {
                context.scheduler.schedule(this::resume, delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                LOG.debug("Client is closing; not retrying sends to {}", topic);
            }
        } else if (StatusClassifier.isRetryable(code) || StatusClassifier.needsReRegistration(code)) {
            if (reRegistrationsWithoutProgress >= MAX_REREGISTRATIONS_WITHOUT_PROGRESS) {
                giveUpHead(error, completions);
            } else {
                LOG.info("Send to {} failed with {}; looking the topic up again and recreating producer {}",
                        topic, code, name);
                startReRegistration();
            }
        } else {
            giveUpHead(error, completions);
        }
    }

    /**
     * The head message cannot be sent: fail its future, and fail everything queued behind it with a retryable
     * error, so that a caller who sends them again keeps the partition's order instead of seeing later messages
     * stored before the one that failed. Caller holds the lock.
     */
    private void giveUpHead(Throwable error, List<Runnable> completions) {
        PendingSend head = queued.poll();
        DanubeClientException failure = StatusClassifier.translate(error, "send message", topic,
                address == null ? context.serviceUrl : address.connectUrl(), failureStreak);
        completions.add(() -> fail(head, failure));
        DanubeClientException followerFailure = new DanubeClientException(Status.Code.UNAVAILABLE,
                "not sent to " + topic + ": an earlier message to the same partition failed (" + failure.getMessage()
                        + "); send it again to keep the order", failure);
        for (PendingSend follower = queued.poll(); follower != null; follower = queued.poll()) {
            PendingSend failed = follower;
            completions.add(() -> fail(failed, followerFailure));
        }
        failureStreak = 0;
        reRegistrationsWithoutProgress = 0;
        recovering = false;
        pump();
    }

    private void resume() {
        synchronized (lock) {
            recovering = false;
            if (reRegistrationRequested) {
                startReRegistration();
            } else {
                pump();
            }
        }
    }

    /** Re-looks-up the topic and recreates the producer on a worker thread. Caller holds the lock. */
    private void startReRegistration() {
        recovering = true;
        reRegistrationRequested = false;
        generation++;
        try {
            context.workers.execute(this::reRegister);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            recovering = false;
        }
    }

    private void reRegister() {
        List<Runnable> completions = new ArrayList<>();
        try {
            register();
            synchronized (lock) {
                reRegistrationsWithoutProgress++;
                recovering = false;
                pump();
            }
        } catch (DanubeClientException e) {
            LOG.warn("Could not recreate producer {} on {}: {}", name, topic, e.getMessage());
            synchronized (lock) {
                // The broker stays unreachable: fail what is queued so callers learn it; the next send retries.
                registered = false;
                recovering = false;
                failureStreak = 0;
                reRegistrationsWithoutProgress = 0;
                while (!queued.isEmpty()) {
                    PendingSend send = queued.poll();
                    completions.add(() -> fail(send, e));
                }
            }
        }
        completions.forEach(Runnable::run);
    }

    private void checkHealth() {
        BrokerAddress target;
        long id;
        synchronized (lock) {
            if (!registered || recovering || closed) {
                return;
            }
            target = address;
            id = producerId;
        }
        context.healthCheck(target, HealthCheckRequest.ClientType.Producer, id, this::onHealthClose);
    }

    private void onHealthClose() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            LOG.info("Broker closed producer {} on {}; recreating it", name, topic);
            reRegistrationRequested = true;
            if (!recovering && inFlight.isEmpty()) {
                startReRegistration();
            }
        }
    }

    void flush() {
        CompletableFuture<?>[] pending = outstanding.toArray(new CompletableFuture<?>[0]);
        CompletableFuture.allOf(pending).handle((v, e) -> null).join();
    }

    void close() {
        synchronized (lock) {
            closed = true;
        }
        if (healthTask != null) {
            healthTask.cancel(false);
        }
    }

    private void succeed(PendingSend send, MessageId id) {
        if (send.completed.compareAndSet(false, true)) {
            // Free the window slot before user callbacks run (they may send again), and leave the
            // outstanding set only once complete, so flush() never misses a send that is still finishing.
            window.release();
            send.future.complete(id);
            outstanding.remove(send.future);
        }
    }

    private void fail(PendingSend send, DanubeClientException error) {
        if (send.completed.compareAndSet(false, true)) {
            window.release();
            send.future.completeExceptionally(error);
            outstanding.remove(send.future);
        }
    }

    /** One message on its way: queued, in flight, or waiting to be sent again. */
    private static final class PendingSend {
        final OutgoingMessage message;
        final long publishTimeMillis;
        final CompletableFuture<MessageId> future = new CompletableFuture<>();
        final AtomicBoolean completed = new AtomicBoolean();
        State state = State.QUEUED;
        Throwable error;
        MessageId sentAs;

        PendingSend(OutgoingMessage message, long publishTimeMillis) {
            this.message = message;
            this.publishTimeMillis = publishTimeMillis;
        }
    }
}
