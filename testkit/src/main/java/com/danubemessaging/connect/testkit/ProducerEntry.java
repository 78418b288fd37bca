package com.danubemessaging.connect.testkit;

/** A producer registered on a topic; lives until the broker stops. */
final class ProducerEntry {
    final long id;
    final String name;
    final String topic;

    ProducerEntry(long id, String name, String topic) {
        this.id = id;
        this.name = name;
        this.topic = topic;
    }
}
