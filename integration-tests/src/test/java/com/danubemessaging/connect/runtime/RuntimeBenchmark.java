package com.danubemessaging.connect.runtime;

import com.danubemessaging.connect.api.ConnectorConfig;
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
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.SubscriptionStart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runtime vs bare client (docs/benchmarks.md, "Runtime vs bare client"): the same number of messages goes
 * producer → in-memory broker → consumer once with the bare client and once through a no-op source and a no-op
 * sink run by the SourceRuntime and SinkRuntime, on one broker in one JVM. Prints messages/s, the ratio
 * runtime/bare and the process's VmRSS. Not a test: run it with
 * {@code ./mvnw -B -q -Pbench-runtime -Ddanube.build.dir=target-runtime -pl integration-tests -am -DskipTests process-test-classes}
 * (optional {@code -Dbench.messages=200000}).
 */
public final class RuntimeBenchmark {
    private static final String PAYLOAD = "{\"sensor\":\"s-0001\",\"value\":21.5,\"unit\":\"C\",\"ts\":1700000000000,"
            + "\"site\":\"plant-7\",\"ok\":true}";

    /** The broker's unacked-message window in this benchmark (the testkit's maxUnackedMessages). */
    private static final int BROKER_UNACKED_WINDOW = 1000;
    /** danube-connect-core's default {@code batch_size}: as large as the window, so the sink works stop-and-wait. */
    private static final int DEFAULT_BATCH_SIZE = 1000;
    /** A batch half the window: the broker keeps dispatching while the sink processes and acks the previous one. */
    private static final int HALF_WINDOW_BATCH_SIZE = BROKER_UNACKED_WINDOW / 2;
    /** The pipelined send window the throughput rows use; the "rt-ordered" rows use the default of 1. */
    private static final int PIPELINED_WINDOW = 1024;

    private RuntimeBenchmark() {
    }

    /** Timings of one run. */
    record Result(String what, int messages, double produceSeconds, double endToEndSeconds) {
        double produceRate() {
            return messages / produceSeconds;
        }

        double endToEndRate() {
            return messages / endToEndSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("bench.messages", args.length > 0 ? Integer.parseInt(args[0]) : 100_000);
        try (DanubeTestBroker broker = DanubeTestBroker.builder().subscriptionStart(SubscriptionStart.EARLIEST)
                .maxUnackedMessages(BROKER_UNACKED_WINDOW).build().start()) {
            // warm-up (JIT, channels), not reported
            bare(broker, "warm-bare", Math.min(messages, 20_000));
            runtime(broker, "warm-rt", Math.min(messages, 20_000), DEFAULT_BATCH_SIZE);
            long rssBefore = rssKb();
            List<Result> results = new ArrayList<>();
            for (int round = 1; round <= 2; round++) {
                results.add(bare(broker, "bare-" + round, messages));
                results.add(runtime(broker, "runtime-" + round, messages, DEFAULT_BATCH_SIZE));
                results.add(runtime(broker, "rt-b500-" + round, messages, HALF_WINDOW_BATCH_SIZE));
                results.add(runtime(broker, "rt-ordered-" + round, messages, DEFAULT_BATCH_SIZE, 1));
            }
            long rssAfter = rssKb();
            System.out.printf("%nRuntime vs bare client: %,d messages of %d bytes, reliable topic, one JVM with the "
                    + "in-memory broker%n", messages, PAYLOAD.length());
            System.out.printf("%-10s %18s %18s%n", "run", "produce msg/s", "end-to-end msg/s");
            for (Result r : results) {
                System.out.printf("%-10s %,18.0f %,18.0f%n", r.what(), r.produceRate(), r.endToEndRate());
            }
            double bareProduce = best(results, "bare", true);
            double rtProduce = best(results, "runtime", true);
            double bareE2e = best(results, "bare", false);
            double rtE2e = best(results, "runtime", false);
            System.out.printf("best produce: bare %,.0f, runtime %,.0f, ratio runtime/bare %.2f%n", bareProduce,
                    rtProduce, rtProduce / bareProduce);
            System.out.printf("best end-to-end: bare %,.0f, runtime %,.0f, ratio runtime/bare %.2f%n", bareE2e, rtE2e,
                    rtE2e / bareE2e);
            double halfE2e = best(results, "rt-b500", false);
            System.out.printf("best end-to-end with batch_size=%d (half the broker's unacked window): %,.0f, ratio "
                    + "runtime/bare %.2f%n", HALF_WINDOW_BATCH_SIZE, halfE2e, halfE2e / bareE2e);
            double ordered = best(results, "rt-ordered", true);
            System.out.printf("best produce with the default max_in_flight = 1 (strict per-partition order): %,.0f, "
                    + "ratio runtime/bare %.2f%n", ordered, ordered / bareProduce);
            System.out.printf("VmRSS: %,d kB after warm-up, %,d kB after the runs (broker + client + runtimes); "
                    + "heap used %,d kB, max heap %,d kB%n", rssBefore, rssAfter,
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1024,
                    Runtime.getRuntime().maxMemory() / 1024);
        }
        System.exit(0);
    }

    private static double best(List<Result> results, String prefix, boolean produce) {
        return results.stream().filter(r -> r.what().startsWith(prefix))
                .mapToDouble(r -> produce ? r.produceRate() : r.endToEndRate()).max().orElse(0);
    }

    /** Bare client: one pipelined reliable producer, one consumer acking every message. */
    static Result bare(DanubeTestBroker broker, String name, int messages) throws Exception {
        String topic = "/default/" + name;
        byte[] payload = PAYLOAD.getBytes();
        try (DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).build()) {
            Consumer consumer = client.newConsumer().topic(topic).name(name + "-c").subscription(name)
                    .type(com.danubemessaging.connect.client.SubscriptionType.SHARED).receiveBuffer(1000).subscribe();
            AtomicLong consumed = new AtomicLong();
            Thread reader = new Thread(() -> {
                while (consumed.get() < messages) {
                    for (ReceivedMessage m : consumer.receiveBatch(1000, Duration.ofMillis(100))) {
                        consumer.ack(m);
                        consumed.incrementAndGet();
                    }
                }
            });
            reader.setDaemon(true);
            long start = System.nanoTime();
            reader.start();
            try (Producer producer = client.newProducer().topic(topic).name(name + "-p").reliable(true)
                    .maxInFlight(1024).create()) {
                List<CompletableFuture<MessageId>> window = new ArrayList<>(1024);
                for (int i = 0; i < messages; i++) {
                    window.add(producer.sendAsync(OutgoingMessage.of(payload)));
                    if (window.size() == 1024) {
                        CompletableFuture.allOf(window.toArray(new CompletableFuture<?>[0])).join();
                        window.clear();
                    }
                }
                CompletableFuture.allOf(window.toArray(new CompletableFuture<?>[0])).join();
            }
            long produced = System.nanoTime();
            reader.join();
            long end = System.nanoTime();
            consumer.close();
            return new Result(name, messages, (produced - start) / 1e9, (end - start) / 1e9);
        }
    }

    /** The same flow through SourceRuntime (no-op polling source) and SinkRuntime (no-op sink). */
    static Result runtime(DanubeTestBroker broker, String name, int messages, int batchSize) throws Exception {
        return runtime(broker, name, messages, batchSize, PIPELINED_WINDOW);
    }

    static Result runtime(DanubeTestBroker broker, String name, int messages, int batchSize, int maxInFlight)
            throws Exception {
        String topic = "/default/" + name;
        NoopSource source = new NoopSource(topic, messages);
        NoopSink sink = new NoopSink(topic, name);
        ConnectorConfig sinkConfig = benchConfig(broker, name + "-sink", batchSize, maxInFlight);
        ConnectorConfig sourceConfig = benchConfig(broker, name + "-source", batchSize, maxInFlight);
        long start = System.nanoTime();
        try (RuntimeHarness sinkRun = RuntimeHarness.start(sinkConfig, sink);
             RuntimeHarness sourceRun = RuntimeHarness.start(sourceConfig, source)) {
            while (source.committed.get() < messages) {
                Thread.onSpinWait();
            }
            long produced = System.nanoTime();
            while (sink.processed.get() < messages) {
                Thread.onSpinWait();
            }
            long end = System.nanoTime();
            sourceRun.stopAndAwait();
            sinkRun.stopAndAwait();
            return new Result(name, messages, (produced - start) / 1e9, (end - start) / 1e9);
        }
    }

    private static ConnectorConfig benchConfig(DanubeTestBroker broker, String name, int batchSize, int maxInFlight) {
        return ConnectorConfig.builder().serviceUrl(broker.serviceUrl()).connectorName(name).instanceId("bench")
                .processing(ProcessingSettings.defaults().withPollIntervalMs(10).withBatchSize(batchSize)
                        .withMaxInFlight(maxInFlight)).build();
    }

    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Emits prebuilt records in chunks of 1000; counts committed records. */
    static final class NoopSource implements SourceConnector {
        private final String topic;
        private final int total;
        private final SourceRecord record;
        private int emitted;
        final AtomicLong committed = new AtomicLong();

        NoopSource(String topic, int total) {
            this.topic = topic;
            this.total = total;
            this.record = SourceRecord.ofBytes(topic, PAYLOAD.getBytes());
        }

        @Override
        public void initialize(ConnectorConfig config) {
        }

        @Override
        public List<ProducerConfig> producerConfigs() {
            return List.of(ProducerConfig.of(topic));
        }

        @Override
        public List<SourceRecord> poll() {
            int n = Math.min(1000, total - emitted);
            List<SourceRecord> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(record.withOffset(com.danubemessaging.connect.api.Offset.of("bench", emitted + i)));
            }
            emitted += n;
            return out;
        }

        @Override
        public void commit(List<com.danubemessaging.connect.api.Offset> offsets) {
            offsets.forEach(o -> committed.set(o.value() + 1));
        }
    }

    /** Accepts every batch; counts records. */
    static final class NoopSink extends SharedSubscriptionSink {
        final AtomicLong processed = new AtomicLong();

        NoopSink(String topic, String subscription) {
            super(topic, "bench", subscription);
        }

        @Override
        public void processBatch(List<SinkRecord> records) {
            processed.addAndGet(records.size());
        }
    }
}
