package com.danubemessaging.connect.client;

import com.danubemessaging.connect.proto.HealthCheckRequest;
import io.grpc.ClientInterceptor;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Entry point of the Danube gRPC client: creates producers, consumers and the schema-registry client, all sharing one
 * channel per broker URL. Close it to stop every producer, consumer and background task.
 */
public final class DanubeClient implements AutoCloseable {

    private final ClientContext context;
    private final Set<AutoCloseable> resources = ConcurrentHashMap.newKeySet();
    private final SchemaRegistryClient schemaRegistry;

    private DanubeClient(ClientContext context) {
        this.context = context;
        this.schemaRegistry = new GrpcSchemaRegistryClient(context);
        long intervalMillis = context.healthCheckInterval.toMillis();
        // A client-level probe keeps isConnected() current even when no producer or consumer exists yet.
        context.scheduler.scheduleWithFixedDelay(this::probe, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    public static Builder builder() {
        return new Builder();
    }

    public ProducerBuilder newProducer() {
        return new ProducerBuilder(context, resources);
    }

    public ConsumerBuilder newConsumer() {
        return new ConsumerBuilder(context, resources);
    }

    public SchemaRegistryClient schemaRegistry() {
        return schemaRegistry;
    }

    /**
     * Makes sure {@code topic} exists before anything subscribes to it, so that a subscription can be in place before
     * the first message is published (a new subscription starts at the latest message; the protocol has no
     * "earliest"). A missing topic is created with {@code partitions} ({@code 0} = not partitioned) and the given
     * dispatch strategy by registering a producer named {@code producerName} ({@code -i} per partition), which is
     * how Danube creates topics from the client port: this needs Lookup and Produce permission on the topic.
     * An existing topic is checked the same way: a dispatch strategy that differs from {@code reliable} fails with
     * FAILED_PRECONDITION naming the mismatch; without Produce permission the check is skipped and reported in
     * {@link EnsuredTopic#unverified()}. An existing topic keeps its own partitions.
     *
     * @throws DanubeClientException when the broker refuses (dispatch-strategy mismatch, a name clash reported as
     *                               ALREADY_EXISTS, a missing namespace or auto-creation switched off: NOT_FOUND)
     */
    public EnsuredTopic ensureTopic(String topic, int partitions, boolean reliable, String producerName) {
        if (producerName == null || producerName.isBlank()) {
            throw new DanubeClientException(Status.Code.INVALID_ARGUMENT, "Producer name is missing");
        }
        return new TopicCreator(context).ensure(topic, partitions, reliable, producerName);
    }

    /**
     * Asks the broker behind the service URL whether it is up, once, without retries (the caller decides how to
     * wait): the runtime calls it at start so that a connector started before its broker waits instead of failing.
     *
     * @throws DanubeClientException {@link DanubeClientException#isRetryable() retryable} when the broker is
     *                               unreachable, {@link DanubeClientException#isRefusal() a refusal} (UNAUTHENTICATED)
     *                               when the token is missing, wrong or expired
     */
    public void checkBroker() {
        context.checkService();
    }

    /** Whether the last call to a broker (or the periodic health probe) got an answer. */
    public boolean isConnected() {
        return context.connected.get();
    }

    @Override
    public void close() {
        for (AutoCloseable resource : List.copyOf(resources)) {
            try {
                resource.close();
            } catch (Exception e) {
                // closing is best effort; the channels are shut down below anyway
            }
        }
        context.close();
    }

    private void probe() {
        try {
            context.healthCheck(context.probeAddress(), HealthCheckRequest.ClientType.Producer, 0, () -> { });
        } catch (RuntimeException e) {
            context.connected.set(false);
        }
    }

    /** Settings of a {@link DanubeClient}. */
    public static final class Builder {
        private String serviceUrl;
        private String token;
        private Path tokenFile;
        private Path tlsCaFile;
        private Path tlsCertFile;
        private Path tlsKeyFile;
        private RetryOptions retry = RetryOptions.defaults();
        private Duration healthCheckInterval = Duration.ofSeconds(5);
        private Duration rpcTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** {@code http://host:port} or {@code https://host:port} of any broker (or the proxy). */
        public Builder serviceUrl(String url) {
            this.serviceUrl = url;
            return this;
        }

        /** A static JWT; turns TLS on. */
        public Builder token(String jwt) {
            this.token = jwt;
            return this;
        }

        /** A file holding the JWT, re-read whenever it changes; turns TLS on. */
        public Builder tokenFile(Path file) {
            this.tokenFile = file;
            return this;
        }

        /** A PEM CA bundle to trust instead of the system roots; turns TLS on. */
        public Builder tlsCaFile(Path caPem) {
            this.tlsCaFile = caPem;
            return this;
        }

        /** A client certificate and key (PEM) for mutual TLS; turns TLS on. */
        public Builder tlsClientCert(Path certPem, Path keyPem) {
            this.tlsCertFile = Objects.requireNonNull(certPem, "certPem");
            this.tlsKeyFile = Objects.requireNonNull(keyPem, "keyPem");
            return this;
        }

        public Builder retry(RetryOptions options) {
            this.retry = Objects.requireNonNull(options, "retry");
            return this;
        }

        public Builder healthCheckInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("healthCheckInterval must be positive");
            }
            this.healthCheckInterval = interval;
            return this;
        }

        /** Deadline of each unary call (default 10 s). */
        public Builder rpcTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("rpcTimeout must be positive");
            }
            this.rpcTimeout = timeout;
            return this;
        }

        public DanubeClient build() {
            if (serviceUrl == null || serviceUrl.isBlank()) {
                throw new DanubeClientException(Status.Code.INVALID_ARGUMENT, "Danube service URL is missing");
            }
            if (token != null && tokenFile != null) {
                throw new DanubeClientException(Status.Code.INVALID_ARGUMENT,
                        "Configure either a token or a token file, not both");
            }
            requireReadable("TLS CA file", tlsCaFile);
            requireReadable("TLS client certificate", tlsCertFile);
            requireReadable("TLS client key", tlsKeyFile);
            requireReadable("token file", tokenFile);
            boolean https = "https".equals(ChannelPool.parse(serviceUrl).getScheme());
            boolean tls = https || token != null || tokenFile != null || tlsCaFile != null || tlsCertFile != null;
            AtomicBoolean connected = new AtomicBoolean(false);
            List<ClientInterceptor> interceptors = new ArrayList<>();
            interceptors.add(ClientInterceptorsSupport.connectivity(connected));
            if (token != null) {
                interceptors.add(ClientInterceptorsSupport.bearerToken(TokenSource.fixed(token)));
            } else if (tokenFile != null) {
                interceptors.add(ClientInterceptorsSupport.bearerToken(TokenSource.file(tokenFile)));
            }
            ChannelPool pool = new ChannelPool(tls, tlsCaFile, tlsCertFile, tlsKeyFile, interceptors);
            return new DanubeClient(new ClientContext(serviceUrl, retry, rpcTimeout, healthCheckInterval, pool,
                    connected));
        }

        private static void requireReadable(String what, Path file) {
            if (file != null && !java.nio.file.Files.isReadable(file)) {
                throw new DanubeClientException(Status.Code.INVALID_ARGUMENT,
                        "Cannot read the " + what + " " + file + " (missing or not readable)");
            }
        }
    }
}
