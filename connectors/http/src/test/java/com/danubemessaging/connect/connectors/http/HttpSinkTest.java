package com.danubemessaging.connect.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SchemaInfo;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.api.SubscriptionType;
import com.danubemessaging.connect.connectors.http.ScriptedEndpoint.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpSinkTest {
    private static final String TOPIC = "/default/readings";

    private final ScriptedEndpoint endpoint = ScriptedEndpoint.start();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private HttpSink sink;

    @AfterEach
    void stop() {
        if (sink != null) {
            sink.shutdown();
        }
        endpoint.close();
    }

    private HttpSink start(Map<String, Object> table, Map<String, Object> route) {
        Map<String, Object> r = new HashMap<>(Map.of("from", TOPIC, "subscription", "http-sub",
                "to", endpoint.url("/ingest").toString()));
        r.putAll(route);
        Map<String, Object> t = new HashMap<>(Map.of("routes", List.of(r), "retry_backoff_ms", 10,
                "max_backoff_ms", 2000));
        t.putAll(table);
        sink = new HttpSink(waits::add);
        sink.initialize(config(t));
        return sink;
    }

    static ConnectorConfig config(Map<String, Object> table) {
        return ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("http-sink")
                .table("http", table).build();
    }

    private static SinkRecord record(long id) {
        return SinkRecord.builder(TOPIC, ("{\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8))
                .messageId(TOPIC + "@" + id + "/7").offset(id).publishTimeMillis(1_700_000_000_000L + id).build();
    }

    private static List<SinkRecord> records(int from, int to) {
        return IntStream.range(from, to).mapToObj(HttpSinkTest::record).toList();
    }

    private static List<Long> ids(int from, int to) {
        return LongStream.range(from, to).boxed().toList();
    }

    private void deliver(List<SinkRecord> batch) {
        sink.processBatch(batch);
        sink.flush();
    }

    @Test
    void eachRecordIsPostedAsPublishedWithItsMetadataAndTheConfiguredHeaders() {
        start(Map.of("headers", Map.of("Authorization", "Bearer s3cr3t")), Map.of("headers", Map.of("X-Team", "iot")));
        SinkRecord keyed = SinkRecord.builder(TOPIC, "{\"id\":1}".getBytes(StandardCharsets.UTF_8))
                .messageId(TOPIC + "@1/7").publishTimeMillis(1234).key("sensor-9").build();
        SinkRecord text = SinkRecord.builder(TOPIC, "plain words".getBytes(StandardCharsets.UTF_8)).build();
        SinkRecord string = SinkRecord.builder(TOPIC, "hi".getBytes(StandardCharsets.UTF_8))
                .schema(new SchemaInfo(1, "s", 1, "string", new byte[0])).build();

        deliver(List.of(keyed, text, string));

        assertThat(endpoint.requests()).hasSize(3).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/ingest");
            assertThat(r.header("Authorization")).isEqualTo("Bearer s3cr3t");
            assertThat(r.header("X-Team")).isEqualTo("iot");
            assertThat(r.header("X-Danube-Topic")).isEqualTo(TOPIC);
        });
        ScriptedEndpoint.Request first = endpoint.requests().stream()
                .filter(r -> r.bodyText().equals("{\"id\":1}")).findFirst().orElseThrow();
        assertThat(first.header("Content-Type")).isEqualTo("application/json");
        assertThat(first.header("X-Danube-Message-Id")).isEqualTo(TOPIC + "@1/7");
        assertThat(first.header("X-Danube-Publish-Time")).isEqualTo("1234");
        assertThat(first.header("X-Danube-Key")).isEqualTo("sensor-9");
        assertThat(endpoint.requests()).filteredOn(r -> r.bodyText().equals("plain words")).singleElement()
                .satisfies(r -> assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream"));
        assertThat(endpoint.requests()).filteredOn(r -> r.bodyText().equals("hi")).singleElement()
                .satisfies(r -> assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8"));
    }

    @Test
    void arrayModeSendsOneJsonArrayPerFlushWithEnvelopesWhenAsked() throws Exception {
        start(Map.of("mode", "array", "include_danube_metadata", true, "method", "put"), Map.of());
        sink.processBatch(records(0, 3));
        sink.processBatch(records(3, 5));
        assertThat(endpoint.requests()).as("nothing is sent before flush").isEmpty();
        sink.flush();

        assertThat(endpoint.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
        });
        JsonNode array = new ObjectMapper().readTree(endpoint.requests().get(0).body());
        assertThat(array).hasSize(5);
        assertThat(array.get(2).get("payload").get("id").asInt()).isEqualTo(2);
        assertThat(array.get(2).get("message_id").asText()).isEqualTo(TOPIC + "@2/7");
        assertThat(array.get(2).get("topic").asText()).isEqualTo(TOPIC);
        assertThat(endpoint.acceptedIds("id")).containsExactlyElementsOf(ids(0, 5));
    }

    @Test
    void serverErrorsAreRetriedWithBackoffAndEveryRecordArrivesOnce() {
        start(Map.of("max_retries", 5), Map.of());
        AtomicInteger failuresLeft = new AtomicInteger(6);
        endpoint.script(r -> failuresLeft.getAndDecrement() > 0 ? Answer.status(503) : Answer.OK);

        deliver(records(0, 20));

        assertThat(endpoint.acceptedIds("id")).containsExactlyInAnyOrderElementsOf(ids(0, 20));
        assertThat(endpoint.requests()).hasSize(26);
        assertThat(waits).hasSize(6).allSatisfy(w -> assertThat(w).isBetween(Duration.ofMillis(1),
                Duration.ofMillis(2000)));
    }

    @Test
    void retryAfterIsHonouredUpToMaxBackoff() {
        start(Map.of("max_retries", 2, "max_in_flight", 1), Map.of());
        AtomicInteger calls = new AtomicInteger();
        endpoint.script(r -> switch (calls.getAndIncrement()) {
            case 0 -> Answer.retryAfter(429, "1");
            case 1 -> Answer.retryAfter(503, "3600");
            default -> Answer.OK;
        });

        deliver(records(0, 1));

        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofMillis(2000));
        assertThat(endpoint.acceptedIds("id")).containsExactly(0L);
    }

    @Test
    void aServerThatStaysDownIsRetryableAndNothingIsTakenAsDelivered() {
        start(Map.of("max_retries", 2), Map.of());
        endpoint.script(r -> Answer.DROP);

        sink.processBatch(records(0, 4));
        assertThatThrownBy(sink::flush).isInstanceOf(RetryableException.class)
                .hasMessageContaining("after 2 retries").hasMessageContaining("/ingest");
        assertThat(endpoint.requests()).hasSize(12);
        assertThat(endpoint.accepted()).isEmpty();

        // the runtime hands the same records over again once the endpoint is back
        endpoint.script(r -> Answer.OK);
        deliver(records(0, 4));
        assertThat(endpoint.acceptedIds("id")).containsExactlyInAnyOrderElementsOf(ids(0, 4));
    }

    @Test
    void aRequestThatTimesOutIsRetried() {
        start(Map.of("timeout_ms", 200, "max_retries", 1), Map.of());
        endpoint.delay(1000);
        sink.processBatch(records(0, 1));
        assertThatThrownBy(sink::flush).isInstanceOf(RetryableException.class)
                .hasMessageContaining("HttpTimeoutException");
        endpoint.delay(0);
    }

    @Test
    void aRefusedRecordIsInvalidDataAndItsAcceptedNeighboursAreNotSentAgain() {
        start(Map.of(), Map.of());
        endpoint.script(r -> r.bodyText().equals("{\"id\":7}") ? Answer.status(422) : Answer.OK);
        List<SinkRecord> batch = records(0, 20);

        sink.processBatch(batch);
        assertThatThrownBy(sink::flush).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("HTTP 422").hasMessageContaining("scripted 422")
                .satisfies(e -> assertThat(((InvalidDataException) e).payload())
                        .isEqualTo("{\"id\":7}".getBytes(StandardCharsets.UTF_8)));
        // the runtime isolates the bad record: it hands each record of the batch over on its own
        List<String> invalid = new ArrayList<>();
        for (SinkRecord r : batch) {
            try {
                deliver(List.of(r));
            } catch (InvalidDataException e) {
                invalid.add(new String(e.payload(), StandardCharsets.UTF_8));
            }
        }

        assertThat(invalid).containsExactly("{\"id\":7}");
        List<Long> accepted = endpoint.acceptedIds("id");
        assertThat(accepted).as("each good record was posted exactly once").hasSize(19)
                .containsExactlyInAnyOrderElementsOf(ids(0, 20).stream().filter(i -> i != 7).toList());
        assertThat(sink.rememberedAsDelivered()).as("forgotten once each was flushed on its own").isZero();
    }

    @Test
    void refusedCredentialsStopTheConnectorWithoutShowingThem() {
        start(Map.of("headers", Map.of("Authorization", "Bearer top-secret-token")), Map.of());
        endpoint.script(r -> Answer.status(401));
        sink.processBatch(records(0, 3));

        assertThatThrownBy(sink::flush).isInstanceOf(FatalException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("credentials")
                .hasMessageNotContaining("top-secret-token");
        assertThat(endpoint.requests()).as("401 is not retried").hasSize(3);
    }

    @Test
    void recordModeSendsUpToMaxInFlightRequestsAtOnce() {
        start(Map.of("max_in_flight", 4), Map.of());
        endpoint.delay(100);
        deliver(records(0, 16));
        assertThat(endpoint.maxConcurrentRequests()).isEqualTo(4);
        assertThat(new HashSet<>(endpoint.acceptedIds("id"))).hasSize(16);
    }

    @Test
    void oneConsumerPerRouteOnASharedSubscriptionByDefault() {
        start(Map.of(), Map.of());
        assertThat(sink.consumerConfigs()).containsExactly(
                ConsumerConfig.of(TOPIC, "http-sink-http-sub", "http-sub", SubscriptionType.SHARED));
    }
}
