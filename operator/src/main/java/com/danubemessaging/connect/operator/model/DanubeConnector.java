package com.danubemessaging.connect.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * Common base of {@link DanubeSourceConnector} and {@link DanubeSinkConnector}: both kinds share one spec and one
 * status shape; the kind only says which side of Danube the connector is on.
 */
public abstract class DanubeConnector extends CustomResource<ConnectorSpec, ConnectorStatus> implements Namespaced {

    public static final String GROUP = "connect.danube-messaging.io";
    public static final String VERSION = "v1alpha1";

    /** Which side of Danube this connector is on. */
    @JsonIgnore
    public abstract ConnectorSide side();
}
