package com.danubemessaging.connect.connectors.http;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.SinkRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Requests/s from sink-http (processBatch + flush of 500 messages, as the runtime calls it) against the bare JDK
 * HTTP client sending the same bodies with the same concurrency, in the same run, to an in-process endpoint that
 * answers 200. Also messages/s in {@code array} mode (one request per 500 messages). Not a test: a main class.
 * <pre>./mvnw -B -q -Pbench -pl connectors/http -am -DskipTests process-test-classes</pre>
 */
public final class HttpSinkBenchmark {
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final int MESSAGES = Integer.getInteger("bench.messages", 10_000);
    private static final int BATCH = 500;
    private static final int IN_FLIGHT = 8;

    private HttpSinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (ScriptedEndpoint endpoint = ScriptedEndpoint.start()) {
            URI url = endpoint.url("/ingest");
            List<SinkRecord> records = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                records.add(SinkRecord.builder("/default/bench", ("{\"id\":" + i + ",\"celsius\":21.5}")
                        .getBytes(StandardCharsets.UTF_8)).messageId("/default/bench@" + i + "/1").build());
            }
            System.out.printf("sink-http benchmark: %d messages, %d in flight, batches of %d, %d rounds, median%n",
                    MESSAGES, IN_FLIGHT, BATCH, ROUNDS);
            // the cases alternate within each round, so a load change on the machine hits all of them alike
            double[][] results = new double[3][ROUNDS];
            for (int round = -1; round < ROUNDS; round++) {
                double[] values = {bare(url, records), connector(url, records, "record"),
                        connector(url, records, "array")};
                endpoint.forgetRequests();
                if (round >= 0) {
                    for (int c = 0; c < 3; c++) {
                        results[c][round] = values[c];
                    }
                }
            }
            double bare = median(results[0]);
            double record = median(results[1]);
            double array = median(results[2]);
            System.out.printf("bare JDK HttpClient: %8.0f req/s | sink-http record mode: %8.0f req/s (%.2f of bare) "
                    + "| sink-http array mode: %8.0f messages/s (%d requests of %d)%n", bare, record, record / bare,
                    array, MESSAGES / BATCH, BATCH);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The same POSTs with the bare client: IN_FLIGHT threads, each sending and checking for 2xx. */
    private static double bare(URI url, List<SinkRecord> records) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
        try {
            long start = System.nanoTime();
            for (int from = 0; from < records.size(); from += BATCH) {
                List<Future<Integer>> answers = new ArrayList<>();
                for (SinkRecord r : records.subList(from, Math.min(records.size(), from + BATCH))) {
                    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(r.payload())).build();
                    answers.add(pool.submit(() -> client.send(request, HttpResponse.BodyHandlers.discarding())
                            .statusCode()));
                }
                for (Future<Integer> answer : answers) {
                    if (answer.get() / 100 != 2) {
                        throw new IllegalStateException("HTTP " + answer.get());
                    }
                }
            }
            return records.size() / ((System.nanoTime() - start) / 1e9);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double connector(URI url, List<SinkRecord> records, String mode) {
        HttpSink sink = new HttpSink();
        sink.initialize(ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("bench")
                .table("http", Map.of("max_in_flight", IN_FLIGHT, "mode", mode, "routes", List.of(Map.of(
                        "from", "/default/bench", "subscription", "bench", "to", url.toString())))).build());
        try {
            long start = System.nanoTime();
            for (int from = 0; from < records.size(); from += BATCH) {
                sink.processBatch(records.subList(from, Math.min(records.size(), from + BATCH)));
                sink.flush();
            }
            return records.size() / ((System.nanoTime() - start) / 1e9);
        } finally {
            sink.shutdown();
        }
    }
}
