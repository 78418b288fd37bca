package com.danubemessaging.connect.runtime;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.Offset;
import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.api.SourceRecord;
import com.danubemessaging.connect.client.Consumer;
import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.MessageId;
import com.danubemessaging.connect.client.OutgoingMessage;
import com.danubemessaging.connect.client.Producer;
import com.danubemessaging.connect.client.ReceivedMessage;
import com.danubemessaging.connect.client.SubscriptionType;
import com.danubemessaging.connect.runtime.bench.BenchSettings;
import com.danubemessaging.connect.runtime.bench.BrokerProcess;
import com.danubemessaging.connect.runtime.bench.RuntimeFootprint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Runtime vs bare client (docs/benchmarks.md, "Runtime vs bare client"). The testkit broker runs in its own JVM
 * ({@code java -jar danube-testkit.jar}); this JVM holds only the clients and runtimes being compared:
 * <ul>
 *   <li>the same messages go producer → broker → consumer once with the bare client (two clients, as two processes
 *   would have; sends in chunks of {@code batch_size} with {@code maxInFlight} per partition, one consumer acking
 *   every message) and once through a no-op polling source run by {@code SourceRuntime} and a no-op sink run by
 *   {@code SinkRuntime}; both timings include creating clients, producers and subscriptions;</li>
 *   <li>pipelined ({@code max_in_flight = 1024}) and ordered ({@code max_in_flight = 1}) with 1, 4 and 8
 *   partitions;</li>
 *   <li>every case once per round, rounds alternating the cases so that a change of the machine's load hits all of
 *   them; the median of the rounds is reported;</li>
 *   <li>then {@link RuntimeFootprint}: the real runnable in its own JVM with the image's JVM flags, start-to-ready
 *   time and RSS in steady state.</li>
 * </ul>
 * Not a test: see docs/benchmarks.md for the command. Every wait has a time limit; a run that does not complete
 * ends the benchmark with a non-zero exit and says what was missing (the short form in {@code .ci/run} relies on it).
 */
public final class RuntimeBenchmark {
    static final String PAYLOAD = "{\"sensor\":\"s-0001\",\"value\":21.5,\"unit\":\"C\",\"ts\":1700000000000,"
            + "\"site\":\"plant-7\",\"ok\":true}";
    /** The broker's unacked-message window (testkit {@code --max-unacked}). */
    static final int BROKER_UNACKED_WINDOW = 1000;
    /** danube-connect-core's default {@code batch_size}; the bare producer sends chunks of the same size. */
    static final int BATCH_SIZE = 1000;
    static final int PIPELINED_WINDOW = 1024;

    private RuntimeBenchmark() {
    }

    /** One case: bare or runtime, partitions (0 = not partitioned), the in-flight window per partition. */
    record Case(String name, boolean runtime, int partitions, int window, int messages) {
    }

    /** Timings of one run. */
    record Result(int messages, double produceSeconds, double endToEndSeconds) {
        double produceRate() {
            return messages / produceSeconds;
        }

        double endToEndRate() {
            return messages / endToEndSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        BenchSettings s = BenchSettings.fromSystemProperties();
        Path work = Files.createTempDirectory("runtime-bench");
        System.out.printf("Runtime vs bare client: %d rounds, %,d messages pipelined, %,d ordered, %d bytes each, "
                + "reliable topics, broker in its own JVM (%s); load: %s%n", s.rounds(), s.messages(),
                s.orderedMessages(), PAYLOAD.length(), s.testkitJar().getFileName(), BenchSettings.uptime());
        // -Dbench.cases=runtime-pipelined,… runs only those cases (e.g. under a profiler); the report needs all
        List<String> only = List.of(System.getProperty("bench.cases", "").split(",")).stream()
                .filter(n -> !n.isBlank()).toList();
        List<Case> cases = cases(s.messages(), s.orderedMessages()).stream()
                .filter(c -> only.isEmpty() || only.contains(c.name())).toList();
        Map<String, List<Result>> results = new LinkedHashMap<>();
        try (BrokerProcess broker = BrokerProcess.start(s.testkitJar(), List.of("-Xmx2g"),
                List.of("--max-unacked", Integer.toString(BROKER_UNACKED_WINDOW)), work.resolve("broker.log"))) {
            String url = broker.serviceUrl();
            if (s.footprintOnly()) {
                RuntimeFootprint.run(s, url, PAYLOAD, work);
                System.exit(0);
            }
            // warm-up (JIT, channels) of every path, not reported
            for (Case c : cases(Math.min(s.messages(), 5_000), Math.min(s.orderedMessages(), 1_000))) {
                if (only.isEmpty() || only.contains(c.name())) {
                    run(url, c, "warm-" + c.name(), s.runLimit());
                }
            }
            for (int round = 1; round <= s.rounds(); round++) {
                for (Case c : cases) {
                    Result r = run(url, c, c.name() + "-" + round, s.runLimit());
                    results.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(r);
                }
                System.out.printf("round %d done; load: %s%n", round, BenchSettings.uptime());
            }
            if (!only.isEmpty()) {
                results.forEach((name, rs) -> System.out.printf("%-22s produce %,.0f msg/s, e2e %,.0f msg/s (median)%n",
                        name, median(rs, true), median(rs, false)));
                System.exit(0);
            }
            report(results);
            System.out.printf("broker JVM RSS after the runs: %,d kB (not part of the figures above)%n",
                    com.danubemessaging.connect.runtime.bench.Rss.ofPid(broker.pid()));
            RuntimeFootprint.run(s, url, PAYLOAD, work);
        }
        System.out.printf("load at the end: %s%n", BenchSettings.uptime());
        System.exit(0);
    }

    static List<Case> cases(int messages, int orderedMessages) {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("bare-pipelined", false, 0, PIPELINED_WINDOW, messages));
        cases.add(new Case("runtime-pipelined", true, 0, PIPELINED_WINDOW, messages));
        for (int partitions : new int[] {1, 4, 8}) {
            // 1 partition = a topic that is not partitioned, the default layout
            int layout = partitions == 1 ? 0 : partitions;
            cases.add(new Case("bare-ordered-p" + partitions, false, layout, 1, orderedMessages));
            cases.add(new Case("runtime-ordered-p" + partitions, true, layout, 1, orderedMessages));
        }
        return cases;
    }

    static Result run(String url, Case c, String runName, Duration limit) throws Exception {
        return c.runtime() ? runtime(url, c, runName, limit) : bare(url, c, runName, limit);
    }

    private static void report(Map<String, List<Result>> results) {
        System.out.printf("%n%-22s %14s %14s   %s%n", "case", "produce msg/s", "e2e msg/s",
                "rounds (produce/e2e msg/s)");
        for (Map.Entry<String, List<Result>> e : results.entrySet()) {
            StringBuilder rounds = new StringBuilder();
            for (Result r : e.getValue()) {
                rounds.append(String.format("%,.0f/%,.0f  ", r.produceRate(), r.endToEndRate()));
            }
            System.out.printf("%-22s %,14.0f %,14.0f   %s%n", e.getKey(), median(e.getValue(), true),
                    median(e.getValue(), false), rounds.toString().trim());
        }
        System.out.println("medians; ratio runtime/bare (target >= 0.95):");
        for (String mode : List.of("pipelined", "ordered-p1", "ordered-p4", "ordered-p8")) {
            List<Result> bare = results.get("bare-" + mode);
            List<Result> rt = results.get("runtime-" + mode);
            System.out.printf("  %-11s produce %,7.0f / %,7.0f = %.2f   end-to-end %,7.0f / %,7.0f = %.2f%n", mode,
                    median(rt, true), median(bare, true), median(rt, true) / median(bare, true),
                    median(rt, false), median(bare, false), median(rt, false) / median(bare, false));
        }
        System.out.printf("ordered runtime end-to-end by partitions: p1 %,.0f, p4 %,.0f, p8 %,.0f msg/s "
                + "(x%.1f and x%.1f of p1)%n", median(results.get("runtime-ordered-p1"), false),
                median(results.get("runtime-ordered-p4"), false), median(results.get("runtime-ordered-p8"), false),
                median(results.get("runtime-ordered-p4"), false) / median(results.get("runtime-ordered-p1"), false),
                median(results.get("runtime-ordered-p8"), false) / median(results.get("runtime-ordered-p1"), false));
        System.out.printf("runtime end-to-end pipelined: %,.0f msg/s (target >= 20,000)%n",
                median(results.get("runtime-pipelined"), false));
    }

    static double median(List<Result> results, boolean produce) {
        double[] values = results.stream().mapToDouble(r -> produce ? r.produceRate() : r.endToEndRate()).sorted()
                .toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /** Bare client: one producer client, one consumer client acking every message. */
    static Result bare(String url, Case c, String name, Duration limit) throws Exception {
        String topic = "/default/" + name;
        byte[] payload = PAYLOAD.getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + limit.toNanos();
        long start = System.nanoTime();
        try (DanubeClient producerClient = DanubeClient.builder().serviceUrl(url).build();
             DanubeClient consumerClient = DanubeClient.builder().serviceUrl(url).build()) {
            // the producer creates the topic (with its partitions); the subscription must exist before the first
            // send, since a new subscription starts at the latest message
            Producer producer = producerClient.newProducer().topic(topic).name(name + "-p").partitions(c.partitions())
                    .reliable(true).maxInFlight(c.window()).create();
            Consumer consumer = consumerClient.newConsumer().topic(topic).name(name + "-c").subscription(name)
                    .type(SubscriptionType.SHARED).receiveBuffer(BROKER_UNACKED_WINDOW).subscribe();
            // subscribe() connects in the background: wait until it subscribed, or the first messages are missed
            while (!consumer.isReady()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + ": the consumer did not subscribe within "
                            + limit.toSeconds() + " s: " + consumer.lastError());
                }
                Thread.sleep(1);
            }
            AtomicLong consumed = new AtomicLong();
            CompletableFuture<Long> allConsumed = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                while (consumed.get() < c.messages() && System.nanoTime() < deadline) {
                    for (ReceivedMessage m : consumer.receiveBatch(BROKER_UNACKED_WINDOW, Duration.ofMillis(100))) {
                        consumer.ack(m);
                        if (consumed.incrementAndGet() == c.messages()) {
                            allConsumed.complete(System.nanoTime());
                        }
                    }
                }
            }, name + "-reader");
            reader.setDaemon(true);
            reader.start();
            List<CompletableFuture<MessageId>> chunk = new ArrayList<>(BATCH_SIZE);
            for (int i = 0; i < c.messages(); i++) {
                chunk.add(producer.sendAsync(OutgoingMessage.of(payload)));
                if (chunk.size() == BATCH_SIZE || i == c.messages() - 1) {
                    CompletableFuture.allOf(chunk.toArray(new CompletableFuture<?>[0]))
                            .get(remaining(deadline), TimeUnit.NANOSECONDS);
                    chunk.clear();
                }
            }
            long produced = System.nanoTime();
            long end = awaitDone(allConsumed, deadline, () -> true,
                    () -> name + ": the consumer received only " + consumed.get() + " of " + c.messages()
                            + " messages within " + limit.toSeconds() + " s");
            consumer.close();
            producer.close();
            return new Result(c.messages(), (produced - start) / 1e9, (end - start) / 1e9);
        }
    }

    /** The same flow through SourceRuntime (no-op polling source) and SinkRuntime (no-op sink). */
    static Result runtime(String url, Case c, String name, Duration limit) throws Exception {
        String topic = "/default/" + name;
        NoopSource source = new NoopSource(topic, c.messages(), c.partitions());
        NoopSink sink = new NoopSink(topic, name, c.messages());
        sink.partitions = c.partitions();
        long deadline = System.nanoTime() + limit.toNanos();
        long start = System.nanoTime();
        try (RuntimeHarness sinkRun = RuntimeHarness.start(config(url, name + "-sink", c.window()), sink)) {
            // the sink creates the topic and subscribes; the source starts once that is done (/health/ready)
            while (!sinkRun.ready()) {
                if (sinkRun.exited() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + ": the sink runtime did not become ready within "
                            + limit.toSeconds() + " s: " + sinkRun.failure());
                }
                Thread.sleep(1);
            }
            try (RuntimeHarness sourceRun = RuntimeHarness.start(config(url, name + "-source", c.window()), source)) {
                long produced = awaitDone(source.allCommitted, deadline, () -> !sourceRun.exited(),
                        () -> name + ": the source runtime committed only " + source.committed.get() + " of "
                                + c.messages() + " records within " + limit.toSeconds() + " s"
                                + (sourceRun.exited() ? "; it ended: " + sourceRun.failure() : ""));
                long end = awaitDone(sink.allProcessed, deadline, () -> !sinkRun.exited(),
                        () -> name + ": the sink runtime processed only " + sink.processed.get() + " of "
                                + c.messages() + " records within " + limit.toSeconds() + " s"
                                + (sinkRun.exited() ? "; it ended: " + sinkRun.failure() : ""));
                sourceRun.stopAndAwait();
                sinkRun.stopAndAwait();
                return new Result(c.messages(), (produced - start) / 1e9, (end - start) / 1e9);
            }
        }
    }

    private static long awaitDone(CompletableFuture<Long> done, long deadline, BooleanSupplier alive,
                                  java.util.function.Supplier<String> missing) throws Exception {
        while (true) {
            try {
                return done.get(Math.min(remaining(deadline), TimeUnit.MILLISECONDS.toNanos(200)),
                        TimeUnit.NANOSECONDS);
            } catch (TimeoutException slice) {
                if (System.nanoTime() >= deadline || !alive.getAsBoolean()) {
                    throw new IllegalStateException(missing.get());
                }
            }
        }
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    private static ConnectorConfig config(String url, String name, int maxInFlight) {
        return ConnectorConfig.builder().serviceUrl(url).connectorName(name).instanceId("bench")
                .processing(ProcessingSettings.defaults().withPollIntervalMs(10).withBatchSize(BATCH_SIZE)
                        .withMaxInFlight(maxInFlight)).build();
    }

    /** Emits prebuilt records in polls of {@link #BATCH_SIZE}; completes when every record is committed. */
    static final class NoopSource implements SourceConnector {
        private final String topic;
        private final int total;
        private final int partitions;
        private final SourceRecord record;
        private int emitted;
        final AtomicLong committed = new AtomicLong();
        final CompletableFuture<Long> allCommitted = new CompletableFuture<>();

        NoopSource(String topic, int total, int partitions) {
            this.topic = topic;
            this.total = total;
            this.partitions = partitions;
            this.record = SourceRecord.ofBytes(topic, PAYLOAD.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void initialize(ConnectorConfig config) {
        }

        @Override
        public List<ProducerConfig> producerConfigs() {
            return List.of(ProducerConfig.of(topic, partitions, true));
        }

        @Override
        public List<SourceRecord> poll() {
            int n = Math.min(BATCH_SIZE, total - emitted);
            List<SourceRecord> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(record.withOffset(Offset.of("bench", emitted + i)));
            }
            emitted += n;
            return out;
        }

        @Override
        public void commit(List<Offset> offsets) {
            offsets.forEach(o -> committed.set(o.value() + 1));
            if (committed.get() >= total) {
                allCommitted.complete(System.nanoTime());
            }
        }
    }

    /** Accepts every batch; completes when every record was processed. */
    static final class NoopSink extends SharedSubscriptionSink {
        private final int total;
        final AtomicLong processed = new AtomicLong();
        final CompletableFuture<Long> allProcessed = new CompletableFuture<>();

        NoopSink(String topic, String subscription, int total) {
            super(topic, "bench", subscription);
            this.total = total;
        }

        @Override
        public void processBatch(List<SinkRecord> records) {
            if (processed.addAndGet(records.size()) >= total) {
                allProcessed.complete(System.nanoTime());
            }
        }
    }
}
