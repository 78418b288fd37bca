package com.danubemessaging.connect.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.api.RetrySettings;
import com.danubemessaging.connect.client.DanubeClient;
import com.danubemessaging.connect.runtime.health.HealthState;
import com.danubemessaging.connect.runtime.retry.RetryPolicy;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The wait for a broker that is not up: not ready with the reason meanwhile, and a stop ends a long back-off. */
class BrokerWaitTest {

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aStopEndsAOneMinuteBackOffAtOnceAndReadinessSaysWhatTheStartWaitsFor() throws Exception {
        String url = "http://127.0.0.1:" + closedPort();
        HealthState health = new HealthState();
        StopSignal stop = new StopSignal(Duration.ofSeconds(10));
        try (DanubeClient client = DanubeClient.builder().serviceUrl(url).build()) {
            BrokerWait wait = new BrokerWait(client, url, new RetryPolicy(new RetrySettings(3, 60_000, 60_000)),
                    stop, health);
            CompletableFuture<Boolean> reached = CompletableFuture.supplyAsync(wait::await);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> health.readinessProblem().orElse("").startsWith("waiting for the Danube broker"));
            assertThat(health.readinessProblem()).get().asString()
                    .startsWith("waiting for the Danube broker at " + url + " (attempt 1): Danube broker at " + url
                            + " is unreachable");
            assertThat(health.isLive()).isTrue();
            assertThat(reached).isNotDone();

            long start = System.nanoTime();
            stop.stop();
            assertThat(reached.get(5, TimeUnit.SECONDS)).as("reached the broker").isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
