package com.danubemessaging.connect.connectors.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckSequencerTest {
    private final List<Integer> sent = new ArrayList<>();
    private final AckSequencer acks = new AckSequencer((id, qos) -> sent.add(id));

    @Test
    void acknowledgesInArrivalOrderOnlyOncePublished() {
        AckSequencer.Ticket one = acks.received(1, 1);
        AckSequencer.Ticket two = acks.received(2, 2);
        AckSequencer.Ticket three = acks.received(3, 1);
        assertThat(acks.received(4, 0)).as("QoS 0 needs no ack").isNull();

        acks.acknowledge(two);
        acks.acknowledge(three);
        assertThat(sent).as("1 is not in Danube yet").isEmpty();
        acks.acknowledge(one);
        assertThat(sent).containsExactly(1, 2, 3);
        assertThat(acks.outstanding()).isZero();
    }

    @Test
    void aHeldMessageKeepsItselfAndLaterOnesUnacknowledged() {
        AckSequencer.Ticket one = acks.received(1, 1);
        AckSequencer.Ticket two = acks.received(2, 1);
        acks.hold(one);
        acks.acknowledge(two);
        assertThat(sent).isEmpty();
        assertThat(acks.outstanding()).isEqualTo(2);
    }

    @Test
    void ticketsOfAnEarlierConnectionAreNeverAcknowledged() {
        AckSequencer.Ticket old = acks.received(7, 1);
        acks.newConnection();
        AckSequencer.Ticket fresh = acks.received(7, 1); // the broker may reuse the packet id
        acks.acknowledge(old);
        assertThat(sent).isEmpty();
        acks.acknowledge(fresh);
        assertThat(sent).containsExactly(7);
    }
}
