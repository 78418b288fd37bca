package com.danubemessaging.connect.testkit;

import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.proto.StreamMessage;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory broker that speaks Danube v0.15.1's client protocol ({@code danube.ProducerService},
 * {@code danube.ConsumerService}, {@code danube.Discovery}, {@code danube.HealthCheck},
 * {@code danube_schema.SchemaRegistry}) with the real broker's rules, for tests and local runs.
 *
 * <pre>{@code
 * try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start()) {
 *     String url = broker.serviceUrl();   // http://127.0.0.1:<port>
 *     ...
 * }
 * }</pre>
 *
 * Fault injection: {@link #stop()} / {@link #restart()} on the same port (reliable data and acked positions
 * survive, registrations do not), {@link #failNext(Rpc, int, Status.Code)}, {@link #cutStreams()}.
 * Thread-safe.
 */
public final class DanubeTestBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DanubeTestBroker.class);

    private final BrokerSettings settings;
    private final SchemaRegistryStore schemas = new SchemaRegistryStore();
    private final BrokerCore core;
    private final CallRecorder recorder = new CallRecorder();
    private final FaultInjector faults = new FaultInjector();
    /** Kept across restarts so its count of refused calls covers the broker's whole life. */
    private final ProxyHeaderCheck proxyHeaderCheck = new ProxyHeaderCheck(this::brokerUrl);
    /** Role bindings; kept across restarts like upstream's metadata store. */
    private final Rbac rbac;
    private final ScheduledExecutorService timer;
    private Server server;
    private ScheduledFuture<?> ticking;
    private volatile int boundPort;
    private boolean closed;

    private DanubeTestBroker(BrokerSettings settings) {
        this.settings = settings;
        this.core = new BrokerCore(settings, schemas);
        this.rbac = new Rbac(settings.jwtSecret() != null, settings.superAdmins());
        this.boundPort = settings.port();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "danube-testkit-timer");
            t.setDaemon(true);
            return t;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ lifecycle

    /** Binds the port (the same one again after {@link #stop()}) and starts serving. */
    public synchronized DanubeTestBroker start() {
        if (closed) {
            throw new IllegalStateException("this broker was closed; build a new one");
        }
        if (server != null) {
            return this;
        }
        server = bind();
        boundPort = server.getPort();
        ticking = timer.scheduleWithFixedDelay(this::tickSafely, settings.tickMillis(), settings.tickMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("Danube testkit broker listening on {}", serviceUrl());
        return this;
    }

    private Server bind() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                return newServer().start();
            } catch (IOException e) {
                // Restart on the same port: the old listener may need a moment to let the port go.
                if (boundPort == 0 || System.nanoTime() > deadline || !isBindProblem(e)) {
                    throw new UncheckedIOException("cannot start the test broker on " + settings.bindHost()
                            + ":" + boundPort + ": " + e.getMessage(), e);
                }
                sleepQuietly();
            }
        }
    }

    private static boolean isBindProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("in use")) {
                return true;
            }
        }
        return false;
    }

    private static void sleepQuietly() {
        try {
            TimeUnit.MILLISECONDS.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the port", e);
        }
    }

    private Server newServer() throws IOException {
        ServerCredentials credentials = settings.tls()
                ? ServerTls.credentials(settings.tlsCertFile(), settings.tlsKeyFile())
                : InsecureServerCredentials.create();
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(settings.bindHost(), boundPort), credentials)
                .permitKeepAliveTime(1, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .addService(new ProducerServiceImpl(core, rbac))
                .addService(new ConsumerServiceImpl(core, rbac))
                .addService(new DiscoveryServiceImpl(core, rbac, this::connectUrl, this::brokerUrl,
                        settings.proxyMode()))
                .addService(new HealthCheckServiceImpl(core))
                .addService(new SchemaRegistryServiceImpl(schemas, rbac));
        // Interceptors run last-added first: record, then inject faults, then authenticate, then route.
        if (settings.proxyMode()) {
            builder.intercept(proxyHeaderCheck);
        }
        if (settings.jwtSecret() != null) {
            builder.intercept(new JwtAuthCheck(settings.jwtSecret()));
        }
        builder.intercept(faults);
        builder.intercept(recorder);
        return builder.build();
    }

    private void tickSafely() {
        try {
            core.tick();
        } catch (RuntimeException e) {
            LOG.error("testkit redelivery timer failed", e);
        }
    }

    /**
     * Stops serving, like a broker crash followed by recovery from its WAL: open streams end, producers and
     * consumers are forgotten (their health checks answer CLOSE after a restart), reliable messages and the
     * subscriptions' acked positions are kept, non-reliable subscriptions are lost.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        ticking.cancel(false);
        server.shutdownNow();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("test broker did not terminate within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
        core.dropRegistrations();
        LOG.info("Danube testkit broker on port {} stopped", boundPort);
    }

    /** {@link #stop()} then {@link #start()} on the same port. */
    public synchronized DanubeTestBroker restart() {
        stop();
        return start();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public synchronized void close() {
        stop();
        closed = true;
        timer.shutdownNow();
    }

    // ------------------------------------------------------------------ addresses

    /** The port the broker listens on (the bound one when built with port 0). */
    public int port() {
        return boundPort;
    }

    /** What clients use as the service URL: {@code http(s)://<advertised host>:<port>}. */
    public String serviceUrl() {
        return (settings.tls() ? "https" : "http") + "://" + settings.advertisedHost() + ":" + port();
    }

    /** The {@code connect_url} of lookups: where clients connect (the proxy in proxy mode). */
    public String connectUrl() {
        return serviceUrl();
    }

    /**
     * The {@code broker_url} of lookups. In proxy mode it differs from {@link #connectUrl()} and clients must
     * send it as {@code x-danube-broker-url}; otherwise it is the service URL.
     */
    public String brokerUrl() {
        return settings.proxyMode() ? settings.proxyBrokerUrl() : serviceUrl();
    }

    // ------------------------------------------------------------------ admin

    /** Like admin {@code CreateNamespace}: topics can then be auto-created in it. */
    public void createNamespace(String namespace) {
        core.createNamespace(namespace);
    }

    public Set<String> namespaces() {
        return core.namespaces();
    }

    /** Like admin {@code CreateTopic}; throws a StatusRuntimeException (ALREADY_EXISTS, NOT_FOUND, …) on refusal. */
    public void createTopic(String topic, DispatchStrategy strategy) {
        core.createTopic(topic, strategy);
    }

    /** Like admin {@code CreatePartitionedTopic}: creates {@code topic-part-0 … topic-part-(n-1)}. */
    public void createPartitionedTopic(String topic, int partitions, DispatchStrategy strategy) {
        core.createPartitionedTopic(topic, partitions, strategy);
    }

    /**
     * Like {@code danube-admin security} role bindings: lets the service account {@code principal} (the
     * {@code principal_name} of its token, as {@link TestTokens} mints them) do {@code permissions} within
     * {@code scope}. Only matters with {@link Builder#jwtSecret(String)}: authentication on means RBAC is
     * default-deny. Client calls need Lookup and Produce or Consume on their topics, Consume on the cluster for
     * ReceiveMessages/Ack/Nack, and ManageSchema for the schema registry.
     */
    public void grant(String principal, RbacScope scope, Permission... permissions) {
        grant("service_account", principal, scope, permissions);
    }

    /** {@link #grant(String, RbacScope, Permission...)} for another principal type ({@code user}). */
    public void grant(String principalType, String principal, RbacScope scope, Permission... permissions) {
        rbac.grant(Objects.requireNonNull(principalType, "principalType"), Objects.requireNonNull(principal,
                "principal"), Objects.requireNonNull(scope, "scope"), permissions);
    }

    /** Like admin {@code SetSubscriptionFailurePolicy}; also applies to a subscription created later. */
    public void setSubscriptionFailurePolicy(String topic, String subscription, SubscriptionFailurePolicy policy) {
        core.setFailurePolicy(topic, subscription, Objects.requireNonNull(policy, "policy"));
    }

    // ------------------------------------------------------------------ fault injection

    /** The next {@code times} calls of {@code rpc} fail with {@code code} (before authentication and handling). */
    public void failNext(Rpc rpc, int times, Status.Code code) {
        failNext(rpc.fullMethodName(), times, code);
    }

    /** Same as {@link #failNext(Rpc, int, Status.Code)} by full method name, e.g. {@code danube.Discovery/TopicLookup}. */
    public void failNext(String fullMethodName, int times, Status.Code code) {
        faults.failNext(fullMethodName, times, Objects.requireNonNull(code, "code"));
    }

    public void clearFaults() {
        faults.clear();
    }

    /** Ends every open ReceiveMessages stream with UNAVAILABLE; the consumers become inactive. Returns how many. */
    public int cutStreams() {
        return core.cutStreams();
    }

    // ------------------------------------------------------------------ introspection

    public long callCount(Rpc rpc) {
        return recorder.count(rpc.fullMethodName());
    }

    public long callCount(String fullMethodName) {
        return recorder.count(fullMethodName);
    }

    /** A copy of the metadata of the last call of {@code rpc}; null when there was none. */
    public Metadata lastMetadata(Rpc rpc) {
        return recorder.lastHeaders(rpc.fullMethodName());
    }

    public Metadata lastMetadata(String fullMethodName) {
        return recorder.lastHeaders(fullMethodName);
    }

    /**
     * Proxy mode: how many producer, consumer and health-check calls arrived without the {@code x-danube-broker-url}
     * header. Envoy sends such calls to any broker; in a cluster most of them would reach a broker that does not own
     * the topic. Always 0 outside proxy mode.
     */
    public long headerlessCallCount() {
        return proxyHeaderCheck.headerlessCount();
    }

    /** Proxy mode: calls refused (UNAVAILABLE) because their {@code x-danube-broker-url} named another broker. */
    public long misroutedCallCount() {
        return proxyHeaderCheck.misroutedCount();
    }

    /** Proxy mode: every call that did not carry this broker's URL as {@code x-danube-broker-url}. */
    public long unroutedCallCount() {
        return headerlessCallCount() + misroutedCallCount();
    }

    public void resetCallCounts() {
        recorder.reset();
    }

    /** Every topic that exists (partitions appear as their {@code -part-N} topics). */
    public Set<String> topics() {
        return core.topicNames();
    }

    /** Messages accepted on {@code topic} since it was created (including before a restart). */
    public long messageCount(String topic) {
        return core.publishedCount(topic);
    }

    /** Stored messages as delivered (with topic_offset); non-reliable topics keep only the recent ones. */
    public List<StreamMessage> messages(String topic) {
        return core.messages(topic);
    }

    public Set<String> subscriptions(String topic) {
        return core.subscriptionNames(topic);
    }

    /** Acks that settled a message of a reliable subscription. */
    public long ackedCount(String topic, String subscription) {
        return core.ackedCount(topic, subscription);
    }

    /** Messages of a reliable subscription delivered (or waiting for redelivery, or blocked) and not yet settled. */
    public int unackedCount(String topic, String subscription) {
        return core.unackedCount(topic, subscription);
    }

    public long redeliveredCount(String topic, String subscription) {
        return core.redeliveredCount(topic, subscription);
    }

    /**
     * Messages this subscription will never deliver: non-reliable ones dropped because a slow consumer's
     * buffer was full, and reliable ones dropped by the Drop poison policy.
     */
    public long droppedCount(String topic, String subscription) {
        return core.droppedCount(topic, subscription);
    }

    /** Messages held back by the Block poison policy. */
    public int blockedCount(String topic, String subscription) {
        return core.blockedCount(topic, subscription);
    }

    /** Names of the consumers with an open ReceiveMessages stream, in subscription order. */
    public List<String> activeConsumers(String topic, String subscription) {
        return core.connectedConsumers(topic, subscription);
    }

    public int producerCount() {
        return core.producerCount();
    }

    // ------------------------------------------------------------------ builder

    /** Settings of a {@link DanubeTestBroker}; every one has a default. */
    public static final class Builder {
        private String bindHost = "127.0.0.1";
        private String advertisedHost;
        private int port;
        private final Set<String> namespaces = new LinkedHashSet<>(List.of("default"));
        private boolean autoCreateTopics = true;
        private int maxMessageSize = 10 * 1024 * 1024;
        private int maxUnackedMessages = 10;
        private SubscriptionFailurePolicy failurePolicy = SubscriptionFailurePolicy.defaults();
        private SubscriptionStart subscriptionStart = SubscriptionStart.LATEST;
        private String jwtSecret;
        private Path tlsCert;
        private Path tlsKey;
        private boolean proxyMode;
        private String proxyBrokerUrl;
        private long tickMillis = 500;
        private long cursorFlushIntervalMillis = 10_000;
        private final Set<String> superAdmins = new LinkedHashSet<>();

        private Builder() {
        }

        /** Port to listen on; 0 (default) picks a free one, kept across {@link #restart()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Address to bind (default 127.0.0.1; use 0.0.0.0 to accept remote clients). */
        public Builder host(String host) {
            this.bindHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Host name put in the service, connect and broker URLs (default: the bind host, or localhost for 0.0.0.0). */
        public Builder advertisedHost(String host) {
            this.advertisedHost = Objects.requireNonNull(host, "advertisedHost");
            return this;
        }

        /** Namespaces that exist from the start, besides {@code default}. */
        public Builder namespace(String... names) {
            for (String name : names) {
                if (!TopicNames.isSegment(name)) {
                    throw new IllegalArgumentException("invalid namespace name '" + name + "'");
                }
                namespaces.add(name);
            }
            return this;
        }

        /** Whether producers create missing topics (broker default true); off → NOT_FOUND. */
        public Builder autoCreateTopics(boolean enabled) {
            this.autoCreateTopics = enabled;
            return this;
        }

        /** Largest payload accepted by SendMessage (default 10 MiB, as {@code max_message_size}). */
        public Builder maxMessageSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxMessageSize must be positive, got " + bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /** Unacked window per reliable subscription ({@code dispatch.max_unacked_messages}, default 10, 1–10000). */
        public Builder maxUnackedMessages(int window) {
            if (window < 1 || window > 10_000) {
                throw new IllegalArgumentException("maxUnackedMessages must be 1..10000, got " + window);
            }
            this.maxUnackedMessages = window;
            return this;
        }

        /** Failure policy of every reliable subscription unless set per subscription. */
        public Builder failurePolicy(SubscriptionFailurePolicy policy) {
            this.failurePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Where new subscriptions on reliable topics start (default {@link SubscriptionStart#LATEST}, as Danube). */
        public Builder subscriptionStart(SubscriptionStart start) {
            this.subscriptionStart = Objects.requireNonNull(start, "start");
            return this;
        }

        /**
         * A principal that bypasses RBAC, like {@code auth.super_admins} in the broker config (matched by
         * {@code principal_name}).
         */
        public Builder superAdmin(String principalName) {
            superAdmins.add(Objects.requireNonNull(principalName, "principalName"));
            return this;
        }

        /**
         * Turns JWT authentication on: every call needs {@code authorization: Bearer <HS256 token>} carrying
         * {@code iss}, {@code exp}, {@code sub}, {@code principal_type} and {@code principal_name}, and RBAC becomes
         * default-deny (see {@link DanubeTestBroker#grant} and {@link #superAdmin(String)}).
         */
        public Builder jwtSecret(String secret) {
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("jwtSecret must not be empty");
            }
            this.jwtSecret = secret;
            return this;
        }

        /** Serves TLS with a PEM certificate chain and PKCS#8 PEM private key. */
        public Builder tls(Path certChainPem, Path privateKeyPem) {
            requireReadable(certChainPem, "TLS certificate");
            requireReadable(privateKeyPem, "TLS private key");
            this.tlsCert = certChainPem;
            this.tlsKey = privateKeyPem;
            return this;
        }

        public Builder tls(TestCertificates certificates) {
            return tls(certificates.serverCert(), certificates.serverKey());
        }

        /**
         * Proxy mode: lookups answer {@code proxy=true} with a broker_url unlike the connect_url; producer, consumer
         * and health calls whose {@code x-danube-broker-url} names another broker fail UNAVAILABLE, and calls
         * without it are counted ({@link DanubeTestBroker#headerlessCallCount()}).
         */
        public Builder proxyMode(boolean enabled) {
            this.proxyMode = enabled;
            return this;
        }

        /** broker_url announced in proxy mode (default {@code http://danube-broker-0.testkit.invalid:6650}). */
        public Builder proxyBrokerUrl(String url) {
            this.proxyBrokerUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * Period of the reliable dispatchers' watchdog, which notices ack timeouts and due redeliveries (default
         * 500 ms, upstream's heartbeat in {@code dispatcher/exclusive/reliable.rs}). A shorter period makes
         * redeliveries come sooner than on a real broker.
         */
        public Builder timerResolutionMillis(long millis) {
            if (millis < 1) {
                throw new IllegalArgumentException("timer resolution must be >= 1 ms, got " + millis);
            }
            this.tickMillis = millis;
            return this;
        }

        /**
         * How often a reliable subscription's cursor is written to the metadata store when acks advance it
         * (default 10 s, what upstream {@code topic.rs} passes to the subscription engine). Only written cursors
         * survive {@link DanubeTestBroker#restart()}; {@link Duration#ZERO} writes on every advance.
         */
        public Builder cursorFlushInterval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("cursorFlushInterval must be zero or positive");
            }
            this.cursorFlushIntervalMillis = interval.toMillis();
            return this;
        }

        public DanubeTestBroker build() {
            String advertised = advertisedHost != null ? advertisedHost
                    : ("0.0.0.0".equals(bindHost) || "::".equals(bindHost) ? "localhost" : bindHost);
            String brokerUrl = proxyBrokerUrl != null ? proxyBrokerUrl
                    : (tlsCert != null ? "https" : "http") + "://danube-broker-0.testkit.invalid:6650";
            return new DanubeTestBroker(new BrokerSettings(bindHost, advertised, port, Set.copyOf(namespaces),
                    autoCreateTopics, maxMessageSize, maxUnackedMessages, failurePolicy, subscriptionStart,
                    jwtSecret, tlsCert, tlsKey, proxyMode, brokerUrl, tickMillis, cursorFlushIntervalMillis,
                    Set.copyOf(superAdmins)));
        }

        private static void requireReadable(Path file, String what) {
            if (file == null || !Files.isReadable(file)) {
                throw new IllegalArgumentException(what + " file is not readable: " + file);
            }
        }
    }
}
