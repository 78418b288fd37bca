package com.danubemessaging.connect.testkit;

/**
 * The RBAC permissions of a Danube broker ({@code danube-broker/src/security/authz.rs} {@code Permission}). With
 * authentication on, every call needs one (default-deny); see {@link DanubeTestBroker#grant}.
 */
public enum Permission {
    LOOKUP("Lookup"),
    PRODUCE("Produce"),
    CONSUME("Consume"),
    REPLICATE("Replicate"),
    MANAGE_NAMESPACE("ManageNamespace"),
    MANAGE_TOPIC("ManageTopic"),
    MANAGE_SCHEMA("ManageSchema"),
    MANAGE_BROKER("ManageBroker"),
    MANAGE_CLUSTER("ManageCluster");

    private final String upstreamName;

    Permission(String upstreamName) {
        this.upstreamName = upstreamName;
    }

    /** The name upstream prints in its deny reasons, e.g. {@code Consume}. */
    String upstreamName() {
        return upstreamName;
    }
}
