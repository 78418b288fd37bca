package com.danubemessaging.connect.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests that drive a class-wide test broker through the raw stubs: a fresh {@link RawClient} per test. */
abstract class RawClientTestBase {

    RawClient client;

    /** The broker of the subclass's static {@code @RegisterExtension} field. */
    abstract DanubeTestBroker broker();

    @BeforeEach
    void connect() {
        client = new RawClient(broker());
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        client.close();
    }
}
