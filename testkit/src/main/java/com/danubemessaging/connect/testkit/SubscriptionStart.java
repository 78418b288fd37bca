package com.danubemessaging.connect.testkit;

/**
 * Where a NEW subscription on a reliable topic starts reading. Danube starts at the latest message
 * (what was published before the subscription existed is not delivered to it); {@link #EARLIEST} is a
 * testkit convenience that replays the topic's whole stored log.
 */
public enum SubscriptionStart { LATEST, EARLIEST }
