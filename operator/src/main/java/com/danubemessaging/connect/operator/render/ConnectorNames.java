package com.danubemessaging.connect.operator.render;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.danubemessaging.connect.operator.model.DanubeConnector;

/**
 * Names and labels of the objects rendered for one connector. The side is part of every name so that a source and a
 * sink with the same name can live in one namespace.
 */
public final class ConnectorNames {

    public static final String LABEL_CONNECTOR = "connect.danube-messaging.io/connector";
    public static final String LABEL_SIDE = "connect.danube-messaging.io/side";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "danube-connect-operator";
    /** Longest CR name whose derived names stay valid DNS-1035 labels (63 characters). */
    public static final int MAX_NAME_LENGTH = 52;

    private final String crName;
    private final String side;

    private ConnectorNames(String crName, String side) {
        this.crName = crName;
        this.side = side;
    }

    public static ConnectorNames of(DanubeConnector cr) {
        return new ConnectorNames(cr.getMetadata().getName(), cr.side().id());
    }

    /** Deployment and Service name. */
    public String workload() {
        return crName + "-" + side;
    }

    public String configMap() {
        return crName + "-" + side + "-config";
    }

    /** Labels that select the connector's pods. */
    public Map<String, String> selectorLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_CONNECTOR, crName);
        labels.put(LABEL_SIDE, side);
        return labels;
    }

    /** Labels of every rendered object and pod. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "danube-connector");
        labels.put("app.kubernetes.io/instance", crName);
        labels.put("app.kubernetes.io/component", side);
        labels.put(LABEL_MANAGED_BY, MANAGED_BY);
        labels.putAll(selectorLabels());
        return labels;
    }

    /** The selector as a string, for the status and the scale subresource. */
    public String selector() {
        return selectorLabels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
