package com.danubemessaging.connect.connectors.mqtt;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.RetrySettings;
import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.api.SourceSender;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT client session: connects, subscribes to the routes' filters, hands every message to the runtime and
 * acknowledges QoS 1/2 messages only after Danube acknowledged their record (Paho manual acks), reconnecting with
 * the {@code [retry]} back-off when the connection drops.
 */
final class MqttSession implements MqttCallback {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSession.class);
    private static final int SUBSCRIBE_REFUSED = 0x80;

    private final MqttSettings settings;
    private final MqttConnectOptions options;
    private final MqttRecords records;
    private final RetrySettings retry;
    private final AckSequencer acks;
    private final ScheduledExecutorService reconnector;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong unrouted = new AtomicLong();
    private volatile MqttAsyncClient client;
    private volatile SourceSender sender;
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile String lastError = "not connected yet";
    private volatile Instant disconnectedSince = Instant.now();
    private int reconnectAttempts;

    MqttSession(MqttSettings settings, MqttRecords records, RetrySettings retry) {
        this.settings = settings;
        this.options = MqttOptions.of(settings);
        this.records = records;
        this.retry = retry;
        this.acks = new AckSequencer((id, qos) -> client.messageArrivedComplete(id, qos));
        this.reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mqtt-reconnect-" + settings.clientId());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects and subscribes, retrying transient failures with the back-off until connected or closed.
     *
     * @throws ConfigurationException when the broker refuses the credentials, the client id or a subscription, or
     *                                the TLS handshake fails (a certificate that is not trusted or does not name
     *                                the host)
     */
    void start(SourceSender recordSender) {
        this.sender = recordSender;
        try {
            client = new MqttAsyncClient(settings.serverUri(), settings.clientId(), persistence());
        } catch (MqttException e) {
            throw new ConfigurationException("mqtt.broker_host: cannot create an MQTT client for "
                    + settings.serverUri() + ": " + describe(e), e);
        }
        client.setManualAcks(true);
        client.setCallback(this);
        int attempt = 0;
        while (!closed && !recordSender.isClosed()) {
            try {
                connect(true);
                return;
            } catch (MqttException e) {
                lastError = describe(e);
                if (isPermanent(e)) {
                    throw new ConfigurationException(permanentReason(e), e);
                }
                attempt++;
                Duration wait = backoff(attempt);
                LOG.warn("Cannot connect to MQTT broker {} (attempt {}), retrying in {} ms: {}", settings.serverUri(),
                        attempt, wait.toMillis(), lastError);
                if (!sleep(wait)) {
                    return;
                }
            }
        }
    }

    private MqttClientPersistence persistence() {
        if (settings.persistenceDir() == null) {
            return new MemoryPersistence();
        }
        return new MqttDefaultFilePersistence(settings.persistenceDir().toString());
    }

    private synchronized void connect(boolean first) throws MqttException {
        // Before CONNECT: a persistent session may deliver messages as soon as the broker accepted it.
        acks.newConnection();
        IMqttToken token = client.connect(options);
        token.waitForCompletion(connectWaitMillis());
        boolean sessionPresent = token.getSessionPresent();
        // A process's first connection always subscribes, since the routes may have changed since the session was
        // made; a reconnect that found its session needs no SUBSCRIBE (which would resend retained messages).
        if (first || !sessionPresent) {
            subscribe();
        }
        connected = true;
        reconnectAttempts = 0;
        LOG.info("Connected to MQTT broker {} as '{}' (clean_session={}, session present={}), routes {}",
                settings.serverUri(), settings.clientId(), settings.cleanSession(), sessionPresent,
                settings.routes().stream().map(r -> r.from() + " -> " + r.to() + " (" + r.qos() + ")").toList());
    }

    private void subscribe() throws MqttException {
        Map<String, Integer> byFilter = new LinkedHashMap<>();
        Map<String, Integer> routeIndex = new LinkedHashMap<>();
        List<MqttRoute> routes = settings.routes();
        for (int i = 0; i < routes.size(); i++) {
            byFilter.putIfAbsent(routes.get(i).from().filter(), routes.get(i).qos().level);
            routeIndex.putIfAbsent(routes.get(i).from().filter(), i);
        }
        String[] filters = byFilter.keySet().toArray(String[]::new);
        int[] qos = byFilter.values().stream().mapToInt(Integer::intValue).toArray();
        IMqttToken token = client.subscribe(filters, qos);
        token.waitForCompletion(connectWaitMillis());
        int[] granted = token.getGrantedQos();
        for (int i = 0; i < filters.length; i++) {
            int g = granted != null && i < granted.length ? granted[i] : SUBSCRIBE_REFUSED;
            String key = "mqtt.routes[" + routeIndex.get(filters[i]) + "].from";
            if (g == SUBSCRIBE_REFUSED) {
                throw new ConfigurationException(key + ": the MQTT broker refused the subscription to \"" + filters[i]
                        + "\" (is the client allowed to read it?)");
            }
            if (g < qos[i]) {
                LOG.warn("{}: the MQTT broker granted QoS {} for \"{}\" where {} was asked; messages are delivered at"
                        + " that lower QoS", key, g, filters[i], qos[i]);
            }
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        received.incrementAndGet();
        AckSequencer.Ticket ticket = acks.received(message.getId(), message.getQos());
        MqttRoute route = settings.routeFor(topic);
        if (route == null) {
            // only a subscription left in a persistent session by an earlier configuration gets here
            long n = unrouted.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.warn("No route matches MQTT topic '{}' ({} such message(s) so far); acknowledged and not"
                        + " published. A persistent session may still hold subscriptions of removed routes.", topic, n);
            }
            acks.acknowledge(ticket);
            return;
        }
        SourceRecord record = records.toRecord(route, topic, message.getPayload(), message.getQos(),
                message.isRetained(), message.isDuplicate());
        CompletionStage<Void> published;
        try {
            published = sender.send(record);
        } catch (RuntimeException e) {
            // the runtime has stopped: leave the message unacknowledged for the next session
            acks.hold(ticket);
            return;
        }
        published.whenComplete((ok, error) -> {
            if (error == null || isInvalidData(error)) {
                acks.acknowledge(ticket);
            } else {
                acks.hold(ticket);
            }
        });
    }

    @Override
    public void connectionLost(Throwable cause) {
        connected = false;
        disconnectedSince = Instant.now();
        lastError = describe(cause);
        if (closed) {
            return;
        }
        LOG.warn("Lost the connection to MQTT broker {}: {}; reconnecting", settings.serverUri(), lastError);
        scheduleReconnect(Duration.ZERO);
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // this client never publishes
    }

    private void scheduleReconnect(Duration delay) {
        if (closed) {
            return;
        }
        try {
            reconnector.schedule(this::reconnect, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void reconnect() {
        if (closed || connected) {
            return;
        }
        try {
            connect(false);
        } catch (MqttException | RuntimeException e) {
            lastError = describe(e);
            reconnectAttempts++;
            Duration wait = backoff(reconnectAttempts);
            LOG.warn("Reconnecting to MQTT broker {} failed (attempt {}), next try in {} ms: {}",
                    settings.serverUri(), reconnectAttempts, wait.toMillis(), lastError);
            scheduleReconnect(wait);
        }
    }

    /** True while connected; otherwise {@link #problem()} says why not. */
    boolean isConnected() {
        return connected && client != null && client.isConnected();
    }

    /** Why the session is not connected, for the health check. */
    String problem() {
        return "not connected to MQTT broker " + settings.serverUri() + " since " + disconnectedSince + ": "
                + lastError;
    }

    long receivedCount() {
        return received.get();
    }

    AckSequencer acks() {
        return acks;
    }

    /** Disconnects (sending the acknowledgements already due) and releases the client. */
    void close() {
        closed = true;
        reconnector.shutdownNow();
        MqttAsyncClient c = client;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect(2_000).waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            LOG.debug("MQTT disconnect: {}", describe(e));
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT close: {}", describe(e));
        }
        connected = false;
    }

    private long connectWaitMillis() {
        return Math.max(10, settings.connectionTimeoutSecs()) * 1000L + 5_000;
    }

    private Duration backoff(int attempt) {
        long base = Math.max(1, retry.retryBackoffMs());
        long exponential = base << Math.min(attempt - 1, 20);
        long capped = Math.min(exponential, Math.max(base, retry.maxBackoffMs()));
        long jitter = (long) (capped * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(capped - jitter);
    }

    private boolean sleep(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (closed || sender.isClosed()) {
                    return false;
                }
                Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isInvalidData(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof InvalidDataException;
    }

    static boolean isPermanent(MqttException e) {
        switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION:
            case MqttException.REASON_CODE_INVALID_CLIENT_ID:
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION:
            case MqttException.REASON_CODE_NOT_AUTHORIZED:
                return true;
            default:
                return tlsFailure(e) != null;
        }
    }

    private String permanentReason(MqttException e) {
        switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION:
            case MqttException.REASON_CODE_NOT_AUTHORIZED:
                return "mqtt.username / mqtt.password: the MQTT broker " + settings.serverUri()
                        + " refused the connection: " + describe(e);
            case MqttException.REASON_CODE_INVALID_CLIENT_ID:
                return "mqtt.client_id: the MQTT broker " + settings.serverUri() + " refused the client id '"
                        + settings.clientId() + "': " + describe(e);
            case MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION:
                return "mqtt.broker_host: " + settings.serverUri() + " does not speak MQTT 3.1.1: " + describe(e);
            default:
                return "mqtt.ca_file / mqtt.broker_host: the TLS handshake with " + settings.serverUri()
                        + " failed: " + tlsFailure(e).getMessage()
                        + " (the server certificate must chain to mqtt.ca_file, or to the JVM's CAs when it is unset,"
                        + " and name broker_host; with mutual TLS the server must accept mqtt.client_cert_file)";
        }
    }

    private static Throwable tlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                Throwable deepest = t;
                while (deepest.getCause() != null) {
                    deepest = deepest.getCause();
                }
                return deepest;
            }
        }
        return null;
    }

    static String describe(Throwable e) {
        if (e == null) {
            return "connection closed";
        }
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 3; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (parts.isEmpty() || !parts.get(parts.size() - 1).contains(m)) {
                parts.add(m);
            }
        }
        return String.join(": ", parts);
    }
}
