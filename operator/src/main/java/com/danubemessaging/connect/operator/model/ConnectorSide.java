package com.danubemessaging.connect.operator.model;

/** Source connectors publish into Danube, sink connectors consume from it. */
public enum ConnectorSide {
    SOURCE("source"),
    SINK("sink");

    private final String id;

    ConnectorSide(String id) {
        this.id = id;
    }

    /** Lower-case id used in runtime connector ids ({@code source-mqtt}), labels and object names. */
    public String id() {
        return id;
    }
}
