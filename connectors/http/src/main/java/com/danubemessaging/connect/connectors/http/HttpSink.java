package com.danubemessaging.connect.connectors.http;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SinkRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sink-http}: delivers messages to the HTTP endpoint of their route.
 *
 * <p>{@link #processBatch} only encodes and holds the messages; {@link #flush} sends them (up to
 * {@code max_in_flight} requests at a time in {@code record} mode, one JSON array per route in {@code array} mode)
 * and returns only when every one was answered 2xx. The runtime acknowledges a message to Danube only after that,
 * so nothing is acknowledged before the endpoint accepted it. When a flush fails, nothing it held is kept: the
 * runtime hands the messages over again; those an endpoint already accepted are then skipped
 * ({@link DeliveredRecords}).
 *
 * <p>Failures: 2xx is success; 5xx, 408, 425, 429 and connection errors are retried ({@code max_retries}, honouring
 * {@code Retry-After}) and then reported as {@link RetryableException}; 401, 403 and 407 are a
 * {@link FatalException} (the credentials are wrong for every message, so none is dead-lettered); any other 4xx is
 * {@link InvalidDataException}.
 */
public final class HttpSink implements SinkConnector {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSink.class);

    /** One message held until the next flush; {@code element} is its array element in {@code array} mode. */
    private record Pending(HttpRoute route, SinkRecord record, JsonNode element) {
    }

    private final EndpointClient.Sleeper sleeper;
    private final List<Pending> pending = new ArrayList<>();
    private final DeliveredRecords delivered = new DeliveredRecords();
    private HttpSinkSettings settings;
    private Map<String, HttpRoute> routesByTopic;
    private RequestEncoder encoder;
    private EndpointClient endpoints;
    private ExecutorService senders;

    public HttpSink() {
        this(duration -> Thread.sleep(duration.toMillis()));
    }

    HttpSink(EndpointClient.Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    @Override
    public void initialize(ConnectorConfig config) {
        settings = HttpSinkSettings.from(config);
        routesByTopic = new LinkedHashMap<>();
        settings.routes().forEach(r -> routesByTopic.put(r.danube().from(), r));
        encoder = new RequestEncoder(settings.includeDanubeMetadata());
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        endpoints = new EndpointClient(client, settings, sleeper);
        AtomicInteger threads = new AtomicInteger();
        senders = Executors.newFixedThreadPool(settings.maxInFlight(), task -> {
            Thread t = new Thread(task, "sink-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        settings.routes().forEach(r -> LOG.info("sink-http: route {}", r));
    }

    @Override
    public List<ConsumerConfig> consumerConfigs() {
        return settings.routes().stream().map(r -> r.danube().consumerConfig()).toList();
    }

    /**
     * Holds the messages for the next {@link #flush}; all or none of them, so a failure leaves nothing half-held.
     *
     * @throws InvalidDataException when a message cannot be encoded ({@code array} mode: a schema says JSON but
     *                              the payload is not)
     */
    @Override
    public void processBatch(List<SinkRecord> records) {
        List<Pending> batch = new ArrayList<>(records.size());
        for (SinkRecord record : records) {
            HttpRoute route = routesByTopic.get(record.topic());
            if (route == null) {
                throw new FatalException("sink-http received a message of " + record.topic()
                        + ", which no route consumes (routes: " + routesByTopic.keySet() + ")");
            }
            JsonNode element = route.mode() == BodyMode.ARRAY ? encoder.element(record) : null;
            batch.add(new Pending(route, record, element));
        }
        pending.addAll(batch);
    }

    /**
     * Sends everything held and returns when all of it was accepted.
     *
     * @throws RetryableException   when a request still failed after its retries (nothing is acknowledged; the
     *                              runtime retries)
     * @throws InvalidDataException when an endpoint refused a request with a 4xx
     * @throws FatalException       on 401, 403 or 407
     */
    @Override
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<SinkRecord> handedOver = pending.stream().map(Pending::record).toList();
        List<OutgoingRequest> requests = requests();
        pending.clear();
        List<Future<Outcome>> answers = new ArrayList<>(requests.size());
        for (OutgoingRequest request : requests) {
            answers.add(senders.submit(() -> endpoints.send(request)));
        }
        List<SinkRecord> sent = new ArrayList<>();
        Outcome.Unauthorized unauthorized = null;
        Outcome.Failed failed = null;
        Outcome.Rejected rejected = null;
        byte[] rejectedBody = new byte[0];
        int failures = 0;
        for (int i = 0; i < requests.size(); i++) {
            Outcome outcome = await(answers.get(i));
            if (outcome instanceof Outcome.Accepted) {
                sent.addAll(requests.get(i).records());
                continue;
            }
            failures++;
            if (outcome instanceof Outcome.Unauthorized u) {
                unauthorized = unauthorized == null ? u : unauthorized;
            } else if (outcome instanceof Outcome.Failed f) {
                failed = failed == null ? f : failed;
            } else if (outcome instanceof Outcome.Rejected r && rejected == null) {
                rejected = r;
                rejectedBody = requests.get(i).body();
            }
        }
        if (failures == 0) {
            // all of them will be acknowledged now, also those skipped as accepted before
            delivered.removeAll(handedOver);
            return;
        }
        delivered.addAll(sent);
        String others = failures > 1 ? " (and " + (failures - 1) + " more failed request(s))" : "";
        if (unauthorized != null) {
            throw new FatalException(unauthorized.detail() + ": the endpoint refuses the credentials; check the "
                    + "headers of the route (their values are not logged)" + others);
        }
        if (failed != null) {
            throw new RetryableException(failed.detail() + others);
        }
        throw new InvalidDataException(rejected.detail() + others, rejectedBody);
    }

    /** How many messages are remembered as accepted during a flush that failed (for tests). */
    int rememberedAsDelivered() {
        return delivered.size();
    }

    @Override
    public void shutdown() {
        if (senders != null) {
            senders.shutdownNow();
        }
    }

    /** Builds the requests of what is held, leaving out messages an endpoint accepted in an earlier attempt. */
    private List<OutgoingRequest> requests() {
        List<OutgoingRequest> requests = new ArrayList<>();
        Map<HttpRoute, List<Pending>> arrays = new LinkedHashMap<>();
        for (Pending p : pending) {
            if (delivered.contains(p.record())) {
                continue;
            }
            if (p.route().mode() == BodyMode.RECORD) {
                requests.add(encoder.single(p.route(), p.record()));
            } else {
                arrays.computeIfAbsent(p.route(), r -> new ArrayList<>()).add(p);
            }
        }
        arrays.forEach((route, items) -> requests.add(encoder.array(route,
                items.stream().map(Pending::record).toList(), items.stream().map(Pending::element).toList())));
        return requests;
    }

    private static Outcome await(Future<Outcome> answer) {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Failed("interrupted while waiting for the endpoint");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException) {
                return new Outcome.Failed("interrupted while retrying");
            }
            // e.g. a header value the client refuses at send time: not something a retry can fix
            return new Outcome.Failed("request failed: " + cause);
        }
    }
}
