package com.danubemessaging.connect.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An instance-field extension gives every test its own fresh broker. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerTestExtensionTest {

    private static final Set<DanubeTestBroker> SEEN = new HashSet<>();

    @RegisterExtension
    DanubeBrokerExtension danube = DanubeBrokerExtension.create();

    @Test
    @Order(1)
    void firstTestCreatesATopic(DanubeTestBroker broker) throws Exception {
        SEEN.add(broker);
        try (RawClient client = new RawClient(broker)) {
            client.reliableProducer("/default/only-in-first", "p");
        }
        assertThat(broker.topics()).contains("/default/only-in-first");
    }

    @Test
    @Order(2)
    void secondTestSeesAFreshBroker(DanubeTestBroker broker) {
        assertThat(SEEN).doesNotContain(broker);
        assertThat(SEEN).allSatisfy(previous -> assertThat(previous.isRunning()).isFalse());
        assertThat(broker.topics()).isEmpty();
    }
}
