package com.danubemessaging.connect.client;

import com.danubemessaging.connect.proto.ConsumerRequest;

/** Danube subscription types. */
public enum SubscriptionType {
    EXCLUSIVE(ConsumerRequest.SubscriptionType.Exclusive),
    SHARED(ConsumerRequest.SubscriptionType.Shared),
    FAILOVER(ConsumerRequest.SubscriptionType.Failover),
    KEY_SHARED(ConsumerRequest.SubscriptionType.KeyShared);

    private final ConsumerRequest.SubscriptionType wire;

    SubscriptionType(ConsumerRequest.SubscriptionType wire) {
        this.wire = wire;
    }

    ConsumerRequest.SubscriptionType toProto() {
        return wire;
    }
}
