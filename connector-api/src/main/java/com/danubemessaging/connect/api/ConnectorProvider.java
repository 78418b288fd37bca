package com.danubemessaging.connect.api;

/**
 * The {@link java.util.ServiceLoader} entry point of a connector: list the implementation in
 * {@code META-INF/services/com.danubemessaging.connect.api.ConnectorProvider} and the runnable finds it
 * by {@link #id()} ({@code DANUBE_CONNECTOR=source-mqtt} or {@code --connector source-mqtt}).
 */
public interface ConnectorProvider {

    /** The connector id, {@code source-<name>} or {@code sink-<name>}, e.g. {@code "source-mqtt"}. */
    String id();

    /** A new, uninitialised {@link SourceConnector} or {@link SinkConnector}. */
    Object create();
}
