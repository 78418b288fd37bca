package com.danubemessaging.connect.client;

/**
 * Where a topic is served: the URL to connect to, the broker's own URL (put into message ids and, behind a proxy,
 * into the {@code x-danube-broker-url} header) and whether a proxy sits in between.
 */
record BrokerAddress(String connectUrl, String brokerUrl, boolean proxy) {

    static BrokerAddress direct(String url) {
        return new BrokerAddress(url, url, false);
    }
}
