package com.danubemessaging.connect.connectors.mqtt;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.client.OutgoingMessage;
import com.danubemessaging.connect.client.Producer;
import com.danubemessaging.connect.connectors.file.RunningConnector;
import com.danubemessaging.connect.connectors.webhook.WebhookSourceProvider;
import com.danubemessaging.connect.runtime.RuntimeHarness;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * MQTT and webhook sources against their bare clients (docs/benchmarks.md, "MQTT and webhook sources"), in one JVM
 * with the testkit broker and a private Mosquitto (default in-flight window of 20, unbounded queue, so nothing is
 * dropped while a subscriber lags):
 * <ul>
 *   <li>MQTT → Danube at QoS 0 and QoS 1 through source-mqtt, against a bare Paho subscriber fed by the same
 *       publisher (the MQTT side's ceiling) and a bare Danube producer (the Danube side's ceiling);</li>
 *   <li>webhook requests/s on a reliable route (each answered 200 only after Danube acknowledged it) from 32
 *       concurrent HTTP clients, against 32 threads sending the same messages with the bare Danube client, each
 *       waiting for its acknowledgement.</li>
 * </ul>
 * Not a test: run it with
 * {@code ./mvnw -B -q -Pbench-sources -pl integration-tests -am -DskipTests process-test-classes}
 * (optional {@code -Dbench.messages=20000 -Dbench.requests=5000}).
 */
public final class SourceConnectorsBenchmark {
    private static final String PAYLOAD = "{\"sensor\":\"s-0001\",\"value\":21.5,\"unit\":\"C\",\"ts\":1700000000000,"
            + "\"site\":\"plant-7\",\"ok\":true}";
    private static final int HTTP_CLIENTS = 32;
    private static final Duration LIMIT = Duration.ofMinutes(3);

    private SourceConnectorsBenchmark() {
    }

    record Row(String what, int count, double seconds, String note) {
        double rate() {
            return count / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("bench.messages", 20_000);
        int requests = Integer.getInteger("bench.requests", 5_000);
        Path dir = Files.createTempDirectory("source-bench");
        List<Row> rows = new ArrayList<>();
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start();
             Mosquitto.Private mosquitto = Mosquitto.start(dir, "127.0.0.1",
                     List.of("allow_anonymous true", "max_queued_messages 0"))) {
            // warm-up (JIT, connections), not reported
            bareMqtt(mosquitto.port(), 1, 5_000);
            connectorMqtt(broker, mosquitto.port(), dir, 1, 5_000, "warm", 1);
            bareDanubeConcurrent(broker, "/default/warm-bare", 2_000);
            webhook(broker, dir, 2_000, "/default/warm-hook", 1);

            rows.add(bareDanubePipelined(broker, "/default/bare-pipelined", messages));
            for (int qos : new int[] {0, 1}) {
                rows.add(bareMqtt(mosquitto.port(), qos, messages));
                rows.add(connectorMqtt(broker, mosquitto.port(), dir, qos, messages, "q" + qos, 1));
                rows.add(connectorMqtt(broker, mosquitto.port(), dir, qos, messages, "q" + qos + "-pipelined", 256));
            }
            rows.add(bareDanubeConcurrent(broker, "/default/bare-concurrent", requests));
            rows.add(webhook(broker, dir, requests, "/default/hooks", 1));
            rows.add(webhook(broker, dir, requests, "/default/hooks-pipelined", 256));
        }
        System.out.printf("%nMQTT and webhook sources vs bare clients (%d-byte JSON payload, testkit broker and"
                + " source runtime in one JVM, private Mosquitto 127.0.0.1)%n", PAYLOAD.length());
        System.out.printf("%-58s %9s %10s %12s  %s%n", "run", "messages", "seconds", "msg/s", "note");
        for (Row r : rows) {
            System.out.printf("%-58s %9d %10.2f %12.0f  %s%n", r.what(), r.count(), r.seconds(), r.rate(), r.note());
        }
        System.exit(0);
    }

    /** The bare Danube client: one producer, sendAsync with 1024 in flight, reliable topic. */
    private static Row bareDanubePipelined(DanubeTestBroker broker, String topic, int n) throws Exception {
        try (DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).build()) {
            Producer producer = client.newProducer().topic(topic).name("bench-bare").reliable(true).maxInFlight(1024)
                    .create();
            byte[] payload = PAYLOAD.getBytes(StandardCharsets.UTF_8);
            List<CompletableFuture<?>> window = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                window.add(producer.sendAsync(OutgoingMessage.of(payload)));
                if (window.size() == 1024) {
                    CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
                    window.clear();
                }
            }
            CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
            return new Row("bare Danube producer, pipelined (1024)", n, seconds(start), "Danube side ceiling");
        }
    }

    /** The bare Danube client from 32 threads, each sending one message and waiting for its acknowledgement. */
    private static Row bareDanubeConcurrent(DanubeTestBroker broker, String topic, int n) throws Exception {
        try (DanubeClient client = DanubeClient.builder().serviceUrl(broker.serviceUrl()).build()) {
            Producer producer = client.newProducer().topic(topic).name("bench-bare-concurrent").reliable(true)
                    .create();
            byte[] payload = PAYLOAD.getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            runConcurrently(n, i -> {
                producer.sendAsync(OutgoingMessage.of(payload)).get(30, TimeUnit.SECONDS);
                return true;
            });
            return new Row("bare Danube client, 32 threads send+ack", n, seconds(start), "compare: webhook");
        }
    }

    /** Publisher → Mosquitto → a bare Paho subscriber (automatic acks): the MQTT side's ceiling. */
    private static Row bareMqtt(int port, int qos, int n) throws Exception {
        String topic = Mosquitto.uniquePrefix() + "/bare";
        CountDownLatch all = new CountDownLatch(n);
        MqttClient subscriber = new MqttClient("tcp://127.0.0.1:" + port, "bench-sub-" + Mosquitto.uniquePrefix(),
                new MemoryPersistence());
        subscriber.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String t, MqttMessage m) {
                all.countDown();
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        subscriber.connect();
        subscriber.subscribe(topic + "/#", qos);
        long start = System.nanoTime();
        publish(port, topic, qos, n);
        double s = waitForArrivals(() -> n - all.getCount(), n, start);
        Mosquitto.closeQuietly(subscriber);
        long arrived = n - all.getCount();
        return new Row("bare Paho subscriber, QoS " + qos, (int) arrived, s,
                (arrived == n ? "all arrived" : "only " + arrived + " arrived") + "; MQTT side ceiling");
    }

    /**
     * Publisher → Mosquitto → source-mqtt → Danube, until every message is in Danube, or (QoS 0) until no more
     * arrive: Mosquitto drops QoS 0 messages for a subscriber slower than the publisher, as MQTT allows, so the rate
     * is what arrived by the last arrival.
     */
    private static Row connectorMqtt(DanubeTestBroker broker, int port, Path dir, int qos, int n, String name,
                                     int maxInFlight) throws Exception {
        String prefix = Mosquitto.uniquePrefix();
        String danubeTopic = "/default/mqtt-" + name;
        ConnectorConfig config = RunningConnector.config("source-mqtt", """
                danube_service_url = "%s"
                connector_name = "bench-mqtt-%s"

                [processing]
                metrics_port = 0
                max_in_flight = %d

                [mqtt]
                broker_host = "127.0.0.1"
                broker_port = %d
                client_id = "%s"
                clean_session = %s

                [[mqtt.routes]]
                from = "%s/#"
                to = "%s"
                qos = %d
                reliable_dispatch = true
                """.formatted(broker.serviceUrl(), name, maxInFlight, port, prefix, qos == 0, prefix, danubeTopic,
                qos), dir);
        MqttSource source = new MqttSource(java.util.Map.of());
        try (RuntimeHarness harness = RuntimeHarness.start(config, source)) {
            waitFor(() -> harness.ready() && source.session() != null && source.session().isConnected() ? 1 : 0, 1);
            long start = System.nanoTime();
            publish(port, prefix, qos, n);
            double s = waitForArrivals(() -> broker.messageCount(danubeTopic), n, start);
            long arrived = broker.messageCount(danubeTopic);
            return new Row("source-mqtt → Danube (reliable), QoS " + qos + ", max_in_flight " + maxInFlight,
                    (int) arrived, s, (arrived == n ? "all " : "only ") + arrived + " arrived; received from MQTT: "
                    + source.session().receivedCount());
        }
    }

    /** 32 HTTP clients POST to a reliable route; every answer must be 200 (only sent once Danube acknowledged). */
    private static Row webhook(DanubeTestBroker broker, Path dir, int n, String topic, int maxInFlight)
            throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConnectorConfig config = RunningConnector.config("source-webhook", """
                danube_service_url = "%s"
                connector_name = "bench-webhook"

                [processing]
                metrics_port = 0
                max_in_flight = %d

                [server]
                host = "127.0.0.1"
                port = %d

                [auth]
                type = "none"

                [[routes]]
                from = "/hooks"
                to = "%s"
                reliable_dispatch = true
                """.formatted(broker.serviceUrl(), maxInFlight, port, topic), dir);
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/hooks");
        try (RuntimeHarness harness = RuntimeHarness.start(config, new WebhookSourceProvider().create())) {
            waitFor(() -> {
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200 ? 1 : 0;
                } catch (Exception e) {
                    return 0;
                }
            }, 1);
            AtomicInteger notOk = new AtomicInteger();
            long start = System.nanoTime();
            runConcurrently(n, i -> {
                int status = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(PAYLOAD))
                        .header("content-type", "application/json").build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status != 200) {
                    notOk.incrementAndGet();
                }
                return status == 200;
            });
            double s = seconds(start);
            return new Row("source-webhook, reliable, 32 clients, max_in_flight " + maxInFlight, n - notOk.get(), s,
                    notOk.get() + " non-200; in Danube: " + broker.messageCount(topic));
        }
    }

    private interface Task {
        boolean run(int i) throws Exception;
    }

    private static void runConcurrently(int n, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(HTTP_CLIENTS);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < HTTP_CLIENTS; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    task.run(i);
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        }
        pool.shutdown();
    }

    /** Publishes n messages as fast as Mosquitto takes them (QoS 1: up to 1000 unacknowledged). */
    private static void publish(int port, String prefix, int qos, int n) throws Exception {
        MqttAsyncClient publisher = new MqttAsyncClient("tcp://127.0.0.1:" + port, "bench-pub-"
                + Mosquitto.uniquePrefix(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1000);
        publisher.connect(options).waitForCompletion();
        byte[] payload = PAYLOAD.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < n; i++) {
            while (true) {
                try {
                    publisher.publish(prefix + "/s" + (i % 8), payload, qos, false);
                    break;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                        throw e;
                    }
                    Thread.onSpinWait();
                }
            }
        }
        publisher.disconnect(10_000).waitForCompletion();
        publisher.close();
    }

    private static boolean waitFor(LongSupplier value, long target) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (value.getAsLong() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Seconds from {@code start} to the last arrival, once all arrived or none came for 3 s. */
    private static double waitForArrivals(LongSupplier arrived, long target, long start) throws InterruptedException {
        long last = arrived.getAsLong();
        long lastChange = System.nanoTime();
        while (last < target && System.nanoTime() - lastChange < TimeUnit.SECONDS.toNanos(3)) {
            Thread.sleep(5);
            long now = arrived.getAsLong();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
        }
        return (lastChange - start) / 1e9;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
