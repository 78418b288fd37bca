package com.danubemessaging.connect.testkit;

import java.nio.file.Path;
import java.util.Set;

/** Immutable settings of a test broker, made by {@link DanubeTestBroker.Builder}. */
record BrokerSettings(
        String bindHost,
        String advertisedHost,
        int port,
        Set<String> namespaces,
        boolean autoCreateTopics,
        int maxMessageSize,
        int maxUnackedMessages,
        SubscriptionFailurePolicy defaultFailurePolicy,
        SubscriptionStart subscriptionStart,
        String jwtSecret,
        Path tlsCertFile,
        Path tlsKeyFile,
        boolean proxyMode,
        String proxyBrokerUrl,
        long tickMillis,
        long cursorFlushIntervalMillis,
        Set<String> superAdmins) {

    boolean tls() {
        return tlsCertFile != null;
    }
}
