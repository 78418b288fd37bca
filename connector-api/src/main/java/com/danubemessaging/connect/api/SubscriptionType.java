package com.danubemessaging.connect.api;

import java.util.Locale;

/** How a subscription shares messages among its consumers (Danube's SubType, plus KeyShared). */
public enum SubscriptionType {
    /** One consumer only; another one is refused. */
    EXCLUSIVE,
    /** Messages are spread round-robin over all consumers: the way to scale a sink out. */
    SHARED,
    /** One active consumer, the others take over when it goes away. */
    FAILOVER,
    /** Messages with the same key always go to the same consumer. */
    KEY_SHARED;

    /**
     * Parses the TOML spelling of danube-connect-core ({@code "Exclusive"}, {@code "Shared"},
     * {@code "FailOver"}) and also {@code "KeyShared"}, case-insensitively, with or without separators.
     *
     * @throws ConfigurationException naming the accepted values when the text is none of them
     */
    public static SubscriptionType parse(String text) {
        String t = text == null ? "" : text.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        return switch (t) {
            case "exclusive" -> EXCLUSIVE;
            case "shared" -> SHARED;
            case "failover" -> FAILOVER;
            case "keyshared" -> KEY_SHARED;
            default -> throw new ConfigurationException("unknown subscription type '" + text
                    + "' (expected Exclusive, Shared, FailOver or KeyShared)");
        };
    }
}
