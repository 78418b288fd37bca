package com.danubemessaging.connect.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The JUnit extension (parameter injection, shared lifetime) and the standalone argument parsing. */
class ExtensionAndMainTest {

    @RegisterExtension
    static DanubeBrokerExtension danube = DanubeBrokerExtension.create(b -> b.namespace("ext-ns"));

    @Test
    void injectsTheRunningBroker(DanubeTestBroker broker) throws Exception {
        assertThat(broker).isSameAs(danube.broker());
        assertThat(broker.isRunning()).isTrue();
        assertThat(broker.serviceUrl()).isEqualTo("http://127.0.0.1:" + danube.port());
        assertThat(broker.namespaces()).contains("default", "ext-ns");
        try (RawClient client = new RawClient(broker)) {
            assertThat(client.reliableProducer("/ext-ns/t", "p")).isPositive();
        }
    }

    private static final java.util.concurrent.atomic.AtomicReference<DanubeTestBroker> SEEN_BY_NESTED =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** Both nested classes must get the outer broker: the first one's end must not stop it. */
    private static void assertSharedWithNested(DanubeTestBroker broker) {
        SEEN_BY_NESTED.compareAndSet(null, broker);
        assertThat(broker).isSameAs(SEEN_BY_NESTED.get()).isSameAs(danube.broker());
        assertThat(broker.isRunning()).isTrue();
    }

    @Nested
    class FirstNested {
        @Test
        void sharesTheOuterBroker(DanubeTestBroker broker) {
            assertSharedWithNested(broker);
        }
    }

    @Nested
    class SecondNested {
        @Test
        void stillSharesTheOuterBroker(DanubeTestBroker broker) {
            assertSharedWithNested(broker);
        }
    }

    @Test
    void standaloneArgumentsBuildTheBroker(@TempDir Path dir) {
        DanubeTestBroker broker = TestkitMain.parse(new String[] {"--port", "0", "--namespace", "a", "b",
                "--auth-jwt-secret", "s3cret", "--super-admin", "ops", "--tls-dir", dir.toString(),
                "--max-unacked", "50"}).build();
        try {
            broker.start();
            assertThat(broker.serviceUrl()).startsWith("https://127.0.0.1:");
            assertThat(broker.namespaces()).containsExactlyInAnyOrder("default", "a", "b");
            assertThat(dir.resolve("ca.pem")).exists();
            assertThat(dir.resolve("server.key")).exists();
        } finally {
            broker.close();
        }
        assertThat(broker.isRunning()).isFalse();
        assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badStandaloneArgumentsNameTheProblem() {
        assertThatThrownBy(() -> TestkitMain.parse(new String[] {"--port"}))
                .hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> TestkitMain.parse(new String[] {"--port", "abc"}))
                .hasMessageContaining("--port needs a number");
        assertThatThrownBy(() -> TestkitMain.parse(new String[] {"--bogus"}))
                .hasMessageContaining("unknown argument '--bogus'");
        assertThatThrownBy(() -> TestkitMain.parse(new String[] {"--namespace", "bad/ns"}))
                .hasMessageContaining("invalid namespace name 'bad/ns'");
    }
}
