package com.danubemessaging.connect.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.OutgoingMessage;
import com.danubemessaging.connect.client.Producer;
import com.danubemessaging.connect.connectors.AckWatch;
import com.danubemessaging.connect.connectors.file.RunningConnector;
import com.danubemessaging.connect.connectors.http.ScriptedEndpoint.Answer;
import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.runtime.RuntimeHarness;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sink-http through the real sink runtime (found by its id, configured from TOML) between the testkit broker and an
 * in-process endpoint that fails on purpose for a while.
 */
class HttpSinkEndToEndTest {
    private static final int TOTAL = 1500;
    /** The endpoint refuses this one message with 422 every time: invalid data, dead-lettered. */
    private static final long REFUSED = 777;
    private static final String DEAD_LETTERS = "/default/http-e2e-rejected";

    @TempDir
    Path dir;

    private final DanubeTestBroker broker = DanubeTestBroker.builder().maxUnackedMessages(1000).build().start();
    private final ScriptedEndpoint endpoint = ScriptedEndpoint.start();

    @AfterEach
    void stop() {
        endpoint.close();
        broker.close();
    }

    @Test
    void anEndpointThatFailsForAWhileLosesNothingAcksNothingEarlyAndARefusedMessageIsDeadLettered() throws Exception {
        String topic = "/default/http-e2e";
        String subscription = "http-e2e";
        broker.createTopic(topic, DispatchStrategy.Reliable);
        // healthy, then 503 for 4 s, then 429 with Retry-After: 1 and dropped connections for 3 s, then healthy
        AtomicLong failingSince = new AtomicLong();
        endpoint.script(request -> {
            if (request.bodyText().equals("{\"id\":" + REFUSED + "}")) {
                return Answer.status(422);
            }
            long since = failingSince.get();
            long elapsed = since == 0 ? -1 : System.currentTimeMillis() - since;
            if (elapsed < 0 || elapsed > 7_000) {
                return Answer.OK;
            }
            if (elapsed < 4_000) {
                return Answer.status(503);
            }
            return request.body().length % 2 == 0 ? Answer.retryAfter(429, "1") : Answer.DROP;
        });
        String toml = """
                danube_service_url = "%s"
                connector_name = "http-e2e"

                [retry]
                max_retries = 100
                retry_backoff_ms = 100
                max_backoff_ms = 1000

                [processing]
                batch_size = 200
                batch_timeout_ms = 100
                metrics_port = 0
                dead_letter_topic = "%s"

                [http]
                max_retries = 2
                retry_backoff_ms = 50
                max_backoff_ms = 1000
                timeout_ms = 2000

                [[http.routes]]
                from = "%s"
                subscription = "%s"
                to = "%s"
                """.formatted(broker.serviceUrl(), DEAD_LETTERS, topic, subscription, endpoint.url("/ingest"));

        try (RuntimeHarness sink = RunningConnector.start("sink-http", toml, dir);
             DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).build();
             Producer producer = client.newProducer().topic(topic).name("readings").reliable(true).create();
             // handled = accepted by the endpoint, or dead-lettered (the refused one is acked after that)
             AckWatch acks = new AckWatch(broker, topic, subscription,
                     () -> new HashSet<>(endpoint.acceptedIds("id")).size() + broker.messageCount(DEAD_LETTERS))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.ready()
                    && !broker.activeConsumers(topic, subscription).isEmpty());

            for (long id = 0; id < TOTAL; id++) {
                producer.sendAsync(OutgoingMessage.of(("{\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8)));
                if (id == TOTAL / 3) {
                    producer.flush();
                    await().atMost(Duration.ofSeconds(30)).until(() -> endpoint.accepted().size() >= 100);
                    failingSince.set(System.currentTimeMillis());
                }
            }
            producer.flush();
            long acceptedAtFault = new HashSet<>(endpoint.acceptedIds("id")).size();
            assertThat(acceptedAtFault).as("the endpoint failed in the middle of the stream").isLessThan(TOTAL);

            await().atMost(Duration.ofSeconds(90)).until(() -> broker.ackedCount(topic, subscription) == TOTAL);
            Set<Long> expected = LongStream.range(0, TOTAL).filter(id -> id != REFUSED).boxed()
                    .collect(Collectors.toSet());
            List<Long> accepted = endpoint.acceptedIds("id");
            assertThat(new HashSet<>(accepted)).as("every id arrived but the refused one").isEqualTo(expected);
            await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(DEAD_LETTERS) == 1);
            assertThat(broker.messages(DEAD_LETTERS).get(0).getPayload()
                    .toString(StandardCharsets.UTF_8)).isEqualTo("{\"id\":" + REFUSED + "}");
            assertThat(sink.counter("danube.connector.messages.failed", topic, "invalid_data")).isEqualTo(1);
            assertThat(acks.violations()).as("no message acked before the endpoint accepted it").isEmpty();
            assertThat(acks.samples()).isPositive();
            long refused = endpoint.requests().stream().filter(r -> !r.accepted()
                    && !r.bodyText().equals("{\"id\":" + REFUSED + "}")).count();
            assertThat(refused).as("the endpoint really failed").isPositive();
            assertThat(sink.counter("danube.connector.messages.retried", topic, null)).isPositive();
            System.out.printf("http e2e: %d messages, %d accepted at the fault, %d failed requests, 1 refused with "
                            + "422 and dead-lettered, %d accepted requests, %d duplicates, %d ack samples, 0 acked "
                            + "early%n", TOTAL, acceptedAtFault,
                    refused, accepted.size(), accepted.size() - expected.size(), acks.samples());
            sink.stopAndAwait();
        }
    }
}
