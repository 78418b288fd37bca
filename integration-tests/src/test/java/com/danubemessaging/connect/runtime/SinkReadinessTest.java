package com.danubemessaging.connect.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.danubemessaging.connect.testkit.DanubeTestBroker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A sink's readiness tells the truth about its subscriptions, not only that it started. */
class SinkReadinessTest {

    /** A subscription that does not stream (here: the broker went away) is never reported ready, and is named. */
    @Test
    void aConsumerThatDoesNotStreamMakesTheSinkNotReadyAndIsNamed() throws Exception {
        try (DanubeTestBroker broker = DanubeTestBroker.builder().build().start()) {
            String topic = "/default/readiness";
            CollectingSink sink = new CollectingSink(topic, "readiness-sub");
            try (RuntimeHarness run = RuntimeHarness.start(broker.serviceUrl(), "readiness-sink", sink)) {
                await().atMost(Duration.ofSeconds(30)).until(run::ready);

                broker.stop();
                await().atMost(Duration.ofSeconds(30)).until(() -> !run.ready());
                assertThat(run.health.readinessProblem()).get().asString()
                        .contains("consumer 'collector-pod-a' of " + topic + " is not subscribed");

                broker.start();
                await().atMost(Duration.ofSeconds(30)).until(run::ready);
            }
        }
    }
}
