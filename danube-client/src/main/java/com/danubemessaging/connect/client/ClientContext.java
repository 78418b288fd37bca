package com.danubemessaging.connect.client;

import com.danubemessaging.connect.proto.DiscoveryGrpc;
import com.danubemessaging.connect.proto.HealthCheckGrpc;
import com.danubemessaging.connect.proto.HealthCheckRequest;
import com.danubemessaging.connect.proto.HealthCheckResponse;
import com.danubemessaging.connect.proto.ProducerRequest;
import com.danubemessaging.connect.proto.ProducerResponse;
import com.danubemessaging.connect.proto.ProducerServiceGrpc;
import com.danubemessaging.connect.proto.TopicLookupRequest;
import com.danubemessaging.connect.proto.TopicLookupResponse;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What producers and consumers of one client share: channels, settings, threads, lookup and retry helpers. */
final class ClientContext implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientContext.class);

    final String serviceUrl;
    final RetryOptions retry;
    final Backoff backoff;
    final Duration rpcTimeout;
    final Duration healthCheckInterval;
    final ChannelPool channels;
    final ScheduledExecutorService scheduler;
    final ExecutorService workers;
    final AtomicBoolean connected;
    private final AtomicLong requestIds = new AtomicLong();
    /** The broker of the latest successful lookup: behind a proxy, probes need its URL as the routing header. */
    private volatile BrokerAddress lastLookedUp;

    ClientContext(String serviceUrl, RetryOptions retry, Duration rpcTimeout, Duration healthCheckInterval,
                  ChannelPool channels, AtomicBoolean connected) {
        this.serviceUrl = serviceUrl;
        this.retry = retry;
        this.backoff = new Backoff(retry);
        this.rpcTimeout = rpcTimeout;
        this.healthCheckInterval = healthCheckInterval;
        this.channels = channels;
        this.connected = connected;
        this.scheduler = Executors.newScheduledThreadPool(2, daemonThreads("danube-client-timer"));
        this.workers = Executors.newCachedThreadPool(daemonThreads("danube-client-worker"));
    }

    long nextRequestId() {
        return requestIds.incrementAndGet();
    }

    /** A channel to {@code address}, adding the proxy routing header when the lookup said a proxy is in between. */
    Channel channel(BrokerAddress address) {
        Channel channel = channels.channelFor(address.connectUrl());
        return address.proxy()
                ? ClientInterceptors.intercept(channel, ClientInterceptorsSupport.brokerUrlHeader(address.brokerUrl()))
                : channel;
    }

    /**
     * Where the client-level liveness probe goes: the broker of the latest lookup (so that behind a proxy it carries
     * {@code x-danube-broker-url} like every other call), or the service URL before any lookup.
     */
    BrokerAddress probeAddress() {
        BrokerAddress known = lastLookedUp;
        return known != null ? known : BrokerAddress.direct(serviceUrl);
    }

    Channel serviceChannel() {
        return channels.channelFor(serviceUrl);
    }

    /** Asks the service URL which broker serves {@code topic}; any failure falls back to the service URL itself. */
    BrokerAddress lookup(String topic) {
        try {
            TopicLookupResponse response = DiscoveryGrpc.newBlockingStub(serviceChannel())
                    .withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .topicLookup(TopicLookupRequest.newBuilder().setRequestId(nextRequestId()).setTopic(topic).build());
            if (response.getResponseType() == TopicLookupResponse.LookupType.Failed
                    || response.getConnectUrl().isEmpty()) {
                return BrokerAddress.direct(serviceUrl);
            }
            String brokerUrl = response.getBrokerUrl().isEmpty() ? response.getConnectUrl() : response.getBrokerUrl();
            BrokerAddress address = new BrokerAddress(response.getConnectUrl(), brokerUrl, response.getProxy());
            lastLookedUp = address;
            return address;
        } catch (StatusRuntimeException e) {
            LOG.debug("Lookup of {} failed ({}), using the service URL", topic, e.getStatus().getCode());
            return BrokerAddress.direct(serviceUrl);
        }
    }

    /**
     * The topics behind {@code topic}: {@code [topic]} when it is a plain topic, its {@code -part-N} partitions in
     * order, or nothing when it does not exist. Siblings the broker's prefix scan also returns are left out.
     */
    List<String> partitions(String topic) {
        List<String> scanned = DiscoveryGrpc.newBlockingStub(serviceChannel())
                .withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .topicPartitions(TopicLookupRequest.newBuilder().setRequestId(nextRequestId()).setTopic(topic).build())
                .getPartitionsList();
        return TopicNames.ownTopics(topic, scanned);
    }

    /** Looks {@code topic} up and registers a producer there (one attempt; the broker may auto-create the topic). */
    ProducerRegistration createProducer(String topic, ProducerRequest.Builder request) {
        BrokerAddress target = lookup(topic);
        ProducerResponse response = ProducerServiceGrpc.newBlockingStub(channel(target))
                .withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .createProducer(request.setRequestId(nextRequestId()).build());
        return new ProducerRegistration(target, response.getProducerId());
    }

    /** A producer the broker registered, and the broker it was registered at. */
    record ProducerRegistration(BrokerAddress address, long producerId) {
    }

    /** Runs a blocking call, retrying retryable failures with backoff; then throws an error naming the cause. */
    <T> T withRetries(String operation, String topic, Supplier<T> call) {
        int attempt = 0;
        while (true) {
            try {
                return call.get();
            } catch (StatusRuntimeException e) {
                if (!StatusClassifier.isRetryable(e.getStatus().getCode()) || attempt >= retry.maxRetries()) {
                    throw StatusClassifier.translate(e, operation, topic, serviceUrl, attempt + 1);
                }
                LOG.debug("{} for {} failed with {}, retry {} of {}", operation, topic, e.getStatus().getCode(),
                        attempt + 1, retry.maxRetries());
                sleep(backoff.delayMillis(attempt));
                attempt++;
            }
        }
    }

    /** An async unary call with a deadline, retried on retryable failures; completes with the translated error. */
    <Q, R> CompletableFuture<R> unaryWithRetries(String operation, String topic, Supplier<Channel> channel,
                                                 Q request, StubCall<Q, R> stubCall) {
        CompletableFuture<R> result = new CompletableFuture<>();
        attemptUnary(operation, topic, channel, request, stubCall, result, 0);
        return result;
    }

    private <Q, R> void attemptUnary(String operation, String topic, Supplier<Channel> channel, Q request,
                                     StubCall<Q, R> stubCall, CompletableFuture<R> result, int attempt) {
        StreamObserver<R> observer = new StreamObserver<>() {
            @Override
            public void onNext(R value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                Status.Code code = Status.fromThrowable(t).getCode();
                if (StatusClassifier.isRetryable(code) && attempt < retry.maxRetries() && !scheduler.isShutdown()) {
                    scheduler.schedule(() -> attemptUnary(operation, topic, channel, request, stubCall, result,
                            attempt + 1), backoff.delayMillis(attempt), TimeUnit.MILLISECONDS);
                } else {
                    result.completeExceptionally(StatusClassifier.translate(t, operation, topic, serviceUrl,
                            attempt + 1));
                }
            }

            @Override
            public void onCompleted() {
                if (!result.isDone()) {
                    result.completeExceptionally(new DanubeClientException(Status.Code.INTERNAL,
                            operation + " returned no response"));
                }
            }
        };
        try {
            stubCall.call(channel.get(), rpcTimeout, request, observer);
        } catch (RuntimeException e) {
            result.completeExceptionally(StatusClassifier.translate(e, operation, topic, serviceUrl, attempt + 1));
        }
    }

    /**
     * One blocking HealthCheck against the service URL (where lookups go too), no retries: returns when the broker
     * answered anything but "unavailable", "too slow" or "unauthenticated", and throws the translated failure
     * otherwise.
     */
    void checkService() {
        HealthCheckRequest request = HealthCheckRequest.newBuilder().setRequestId(nextRequestId())
                .setClient(HealthCheckRequest.ClientType.Producer).setId(0).build();
        try {
            HealthCheckGrpc.newBlockingStub(channel(BrokerAddress.direct(serviceUrl)))
                    .withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS).healthCheck(request);
        } catch (io.grpc.StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (StatusClassifier.isRetryable(code) || code == Status.Code.UNAUTHENTICATED) {
                connected.set(false);
                throw StatusClassifier.translate(e, "broker health check", null, serviceUrl, 1);
            }
            // the broker answered (no such producer, or a permission the later calls will name): it is up
        }
        connected.set(true);
    }

    /** Sends one HealthCheck for a producer or consumer id and reports whether the broker said CLOSE. */
    void healthCheck(BrokerAddress address, HealthCheckRequest.ClientType type, long id, Runnable onClose) {
        HealthCheckRequest request = HealthCheckRequest.newBuilder()
                .setRequestId(nextRequestId()).setClient(type).setId(id).build();
        HealthCheckGrpc.newStub(channel(address))
                .withDeadlineAfter(rpcTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .healthCheck(request, new StreamObserver<>() {
                    @Override
                    public void onNext(HealthCheckResponse value) {
                        if (value.getStatus() == HealthCheckResponse.ClientStatus.CLOSE) {
                            onClose.run();
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        LOG.debug("Health check failed: {}", Status.fromThrowable(t).getCode());
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
    }

    void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DanubeClientException(Status.Code.CANCELLED, "Interrupted while waiting to retry", e);
        }
    }

    /** Runs {@code task} on a worker thread after {@code delayMillis}. */
    void runLater(long delayMillis, Runnable task) {
        if (scheduler.isShutdown()) {
            return;
        }
        try {
            scheduler.schedule(() -> workers.execute(task), delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Client is closing; dropped a background task");
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        workers.shutdownNow();
        channels.close();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One async stub invocation: {@code (channel, timeout, request, observer)}. */
    @FunctionalInterface
    interface StubCall<Q, R> {
        void call(Channel channel, Duration timeout, Q request, StreamObserver<R> observer);
    }

}
