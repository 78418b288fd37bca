package com.danubemessaging.connect.app;

import static com.danubemessaging.connect.app.ConnectorProcesses.distinct;
import static com.danubemessaging.connect.app.ConnectorProcesses.seen;
import static com.danubemessaging.connect.app.ConnectorProcesses.upTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.proto.DispatchStrategy;
import com.danubemessaging.connect.proto.StreamMessage;
import com.danubemessaging.connect.testkit.DanubeTestBroker;
import com.danubemessaging.connect.testkit.TestCertificates;
import com.danubemessaging.connect.testkit.TestTokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector started before its broker (a fresh cluster, a broker rolling) waits with the capped back-off instead of
 * crash-looping: live 200, ready 503 with the reason, then it goes on once the broker answers, losing nothing. What
 * waiting cannot fix (a bad or expired token, an invalid topic, a missing namespace) still ends the process at once,
 * with exit code 1 and the reason in the log and the termination log.
 */
class BrokerNotUpYetProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "broker-not-up-secret";
    /** Far below the 30 s a crash-looping pod would need to be noticed, far above the process start on a busy box. */
    private static final Duration AT_ONCE = Duration.ofSeconds(45);

    @TempDir
    Path dir;

    private DanubeTestBroker broker;
    private ConnectorProcesses processes;

    @AfterEach
    void stopAll() {
        if (processes != null) {
            processes.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path sourceToml(String name, String url, String topic, long total, String extra) {
        return processes.write(name + ".toml", CounterSource.toml(url, name, topic, total, 25, 2,
                dir.resolve(name + "-state"), null) + extra + "\n" + retry(500, 2000));
    }

    /** A [retry] table; TOML tables may come in any order, so it follows the [counter] keys. */
    private static String retry(long backoffMs, long maxBackoffMs) {
        return "[retry]\nretry_backoff_ms = %d\nmax_backoff_ms = %d\n".formatted(backoffMs, maxBackoffMs);
    }

    @Test
    void aRuntimeStartedTwentySecondsBeforeItsBrokerWaitsThenDeliversEveryRecord() {
        int port = freePort();
        String url = "http://127.0.0.1:" + port;
        broker = DanubeTestBroker.builder().port(port).build();
        processes = new ConnectorProcesses(dir, url);
        String topic = "/default/late-broker";
        long total = 600;
        Path output = dir.resolve("late-broker.txt");
        Path gate = dir.resolve("gate");
        ChildConnector sink = processes.start("late-sink", processes.write("late-sink.toml",
                BufferingFileSink.toml(url, "late-sink", topic, "late-sub", output) + retry(500, 2000)),
                "it-buffering-sink", "sink-pod", Map.of());
        ChildConnector source = processes.start("late-source",
                sourceToml("late-source", url, topic, total, "start_gate = \"" + gate + "\""), "it-counter-source",
                "source-pod", Map.of());
        long started = System.nanoTime();
        for (ChildConnector child : List.of(sink, source)) {
            child.awaitHttpPort();
            child.awaitLog("is not reachable yet", Duration.ofSeconds(30));
            await(child + " not ready, with the reason").atMost(Duration.ofSeconds(10))
                    .until(() -> child.get("/health/ready").statusCode() == 503);
            assertThat(child.get("/health/ready").body()).contains("waiting for the Danube broker at " + url);
            assertThat(child.get("/health/live").statusCode()).isEqualTo(200);
        }
        // no crash loop: both keep waiting until the broker comes, 20 s after the start
        await("20 s of waiting").pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(25))
                .until(() -> {
                    assertThat(sink.isAlive()).as("sink alive:\n" + sink.stderr()).isTrue();
                    assertThat(source.isAlive()).as("source alive:\n" + source.stderr()).isTrue();
                    return System.nanoTime() - started >= Duration.ofSeconds(20).toNanos();
                });
        assertThat(broker.messageCount(topic)).isZero();
        broker.createTopic(topic, DispatchStrategy.Reliable);
        broker.start();

        await("the sink attached").atMost(Duration.ofSeconds(30))
                .until(() -> !broker.activeConsumers(topic, "late-sub").isEmpty());
        processes.write("gate", "");
        await("every record written").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> distinct(seen(output)).size() >= total);
        assertThat(distinct(seen(output))).isEqualTo(upTo(total));
        assertThat(published(topic)).isEqualTo(upTo(total));
        for (ChildConnector child : List.of(sink, source)) {
            await(child + " ready").atMost(Duration.ofSeconds(10))
                    .until(() -> child.get("/health/ready").statusCode() == 200);
            assertThat(child.stderr()).contains("is reachable after").doesNotContain("failed:");
        }
        int attempts = source.stderr().split("is not reachable yet", -1).length - 1;
        // a 500 ms back-off capped at 2 s: about a dozen attempts in 20 s, not one per millisecond nor one in all
        assertThat(attempts).isBetween(6, 40);
        System.out.printf("runtime started 20 s before its broker: %d attempts, then all %d records arrived%n",
                attempts, total);
    }

    @Test
    void aSigtermWhileWaitingForTheBrokerEndsAOneMinuteBackOffAtOnce() {
        String url = "http://127.0.0.1:" + freePort();
        processes = new ConnectorProcesses(dir, url);
        Map<String, String> productionShutdown = new HashMap<>();
        productionShutdown.put("DANUBE_CONNECT_SHUTDOWN_TIMEOUT_MS", null);
        Path shutdownMarker = dir.resolve("waiting-shutdown");
        ChildConnector source = processes.start("waiting", processes.write("waiting.toml",
                CounterSource.toml(url, "waiting", "/default/never", 10, 10, 0, dir.resolve("waiting-state"), null)
                        + "shutdown_marker = \"" + shutdownMarker + "\"\n" + retry(60000, 60000)),
                "it-counter-source", "pod-w", productionShutdown);
        source.awaitHttpPort();
        source.awaitLog("(attempt 1); trying again in ", Duration.ofSeconds(30));
        // the back-off is jittered into [0.5, 1) of the 60 s maximum (RetryPolicy), so at least 30 s remain
        Matcher backOff = Pattern.compile("trying again in (\\d+) ms")
                .matcher(source.stderr());
        assertThat(backOff.find()).isTrue();
        assertThat(Long.parseLong(backOff.group(1))).isBetween(30_000L, 60_000L);

        long start = System.nanoTime();
        source.stop();
        int exit = source.awaitExit(Duration.ofSeconds(30));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(exit).isEqualTo(143);
        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(source.stderr()).contains("Connector 'waiting' stopped").doesNotContain("exiting anyway");
        // initialize() never ran, so shutdown() is not owed
        assertThat(Files.exists(shutdownMarker)).isFalse();
        System.out.printf("SIGTERM during a 60 s back-off while waiting for the broker: stopped after %d ms%n",
                took.toMillis());
    }

    private Set<Long> published(String topic) {
        Set<Long> ids = new TreeSet<>();
        for (StreamMessage message : broker.messages(topic)) {
            try {
                ids.add(JSON.readTree(message.getPayload().toByteArray()).path("seq").asLong());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ids;
    }

    private String exitAtOnce(String name, Path toml, Map<String, String> env) throws IOException {
        ChildConnector child = processes.start(name, toml, "it-counter-source", name, env);
        int exit = child.awaitExit(AT_ONCE);
        assertThat(exit).as(child.stderr()).isEqualTo(1);
        String reason = Files.readString(dir.resolve(name + ".termination-log"));
        assertThat(child.stderr()).contains(reason.strip());
        return reason;
    }

    @Test
    void whatWaitingCannotFixExitsAtOnceWithTheReason() throws IOException {
        TestCertificates certs = TestCertificates.generate(dir.resolve("tls"));
        broker = DanubeTestBroker.builder().tls(certs).jwtSecret(SECRET).superAdmin("connector").build().start();
        processes = new ConnectorProcesses(dir, broker.serviceUrl());
        String url = broker.serviceUrl();
        Map<String, String> tls = new HashMap<>(Map.of("DANUBE_TLS_CA_FILE", certs.caCert().toString()));

        Map<String, String> badToken = new HashMap<>(tls);
        badToken.put("DANUBE_TOKEN", TestTokens.hs256("another-secret", "connector", Duration.ofHours(1)));
        assertThat(exitAtOnce("bad-token", sourceToml("bad-token", url, "/default/t1", 10, ""), badToken))
                .contains("Authentication failed").contains("the token is missing, wrong or expired");

        Map<String, String> expired = new HashMap<>(tls);
        // past the broker's 60 s leeway
        expired.put("DANUBE_TOKEN", TestTokens.hs256(SECRET, "connector", Duration.ofMinutes(-5)));
        assertThat(exitAtOnce("expired-token", sourceToml("expired-token", url, "/default/t2", 10, ""), expired))
                .contains("Authentication failed").contains("the token is missing, wrong or expired");

        Map<String, String> good = new HashMap<>(tls);
        good.put("DANUBE_TOKEN", TestTokens.hs256(SECRET, "connector", Duration.ofHours(1)));
        assertThat(exitAtOnce("invalid-topic", sourceToml("invalid-topic", url, "/default/a/b", 10, ""), good))
                .contains("Invalid topic name '/default/a/b'");
        assertThat(exitAtOnce("no-namespace", sourceToml("no-namespace", url, "/nowhere/t3", 10, ""), good))
                .contains("Namespace of topic '/nowhere/t3' does not exist");
        assertThat(broker.producerCount()).isZero();
    }
}
