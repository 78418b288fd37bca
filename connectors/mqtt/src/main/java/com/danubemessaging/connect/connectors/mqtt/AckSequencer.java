package com.danubemessaging.connect.connectors.mqtt;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Sends MQTT acknowledgements (PUBACK / PUBCOMP) for QoS 1 and 2 messages only once their record is in Danube, and
 * in the order the messages arrived, as MQTT 3.1.1 §4.6 asks of a client.
 *
 * <p>A message whose publication failed for good (the runtime is stopping) is never acknowledged, and neither is
 * anything after it on the same connection: the MQTT broker keeps them for the next session. Tickets belong to one
 * connection; after {@link #newConnection()} the outstanding ones are forgotten, because a packet id of the old
 * connection may name another message on the new one (the broker redelivers the old ones itself).
 */
final class AckSequencer {

    /** Sends one acknowledgement on the current connection. */
    interface Acknowledger {
        void acknowledge(int messageId, int qos) throws Exception;
    }

    /** One received QoS 1/2 message waiting for its publication. */
    static final class Ticket {
        private final long connection;
        private final int messageId;
        private final int qos;
        private State state = State.WAITING;

        private Ticket(long connection, int messageId, int qos) {
            this.connection = connection;
            this.messageId = messageId;
            this.qos = qos;
        }
    }

    private enum State { WAITING, ACKNOWLEDGE, HOLD }

    private final Acknowledger acknowledger;
    private final Deque<Ticket> pending = new ArrayDeque<>();
    private long connection;
    private long acknowledged;
    private Exception lastAckFailure;

    AckSequencer(Acknowledger acknowledger) {
        this.acknowledger = acknowledger;
    }

    /** Registers a message as it arrives; null for QoS 0, which needs no acknowledgement. */
    synchronized Ticket received(int messageId, int qos) {
        if (qos == 0) {
            return null;
        }
        Ticket ticket = new Ticket(connection, messageId, qos);
        pending.addLast(ticket);
        return ticket;
    }

    /** The message may be acknowledged (its record is in Danube, or the runtime disposed of it as invalid). */
    synchronized void acknowledge(Ticket ticket) {
        settle(ticket, State.ACKNOWLEDGE);
    }

    /** The message must not be acknowledged: the MQTT broker is to deliver it again in a later session. */
    synchronized void hold(Ticket ticket) {
        settle(ticket, State.HOLD);
    }

    private void settle(Ticket ticket, State state) {
        if (ticket == null || ticket.connection != connection || ticket.state != State.WAITING) {
            return;
        }
        ticket.state = state;
        while (!pending.isEmpty() && pending.peekFirst().state == State.ACKNOWLEDGE) {
            Ticket head = pending.removeFirst();
            try {
                acknowledger.acknowledge(head.messageId, head.qos);
                acknowledged++;
            } catch (Exception e) {
                // the connection is going away; the broker redelivers the message in the next session
                lastAckFailure = e;
            }
        }
    }

    /** A new connection began: forget the tickets of the previous one. */
    synchronized void newConnection() {
        connection++;
        pending.clear();
    }

    /** Messages received but not acknowledged yet on the current connection. */
    synchronized int outstanding() {
        return pending.size();
    }

    synchronized long acknowledgedCount() {
        return acknowledged;
    }

    synchronized Exception lastAckFailure() {
        return lastAckFailure;
    }
}
