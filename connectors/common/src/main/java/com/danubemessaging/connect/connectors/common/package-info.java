/**
 * Code the built-in connectors share: PEM and TLS files ({@link com.danubemessaging.connect.connectors.common.PemFiles},
 * {@link com.danubemessaging.connect.connectors.common.TlsContexts}), turning external payloads into records
 * ({@link com.danubemessaging.connect.connectors.common.RecordPayloads}), checking a connector's own TOML tables
 * ({@link com.danubemessaging.connect.connectors.common.ConfigTable}, which reports unknown keys through the API's
 * {@link com.danubemessaging.connect.api.ConfigKeys}), the sinks' routes and field mappings
 * ({@link com.danubemessaging.connect.connectors.common.SinkRoute},
 * {@link com.danubemessaging.connect.connectors.common.FieldMapping},
 * {@link com.danubemessaging.connect.connectors.common.JsonPath}), JSON value rules
 * ({@link com.danubemessaging.connect.connectors.common.JsonValues}) and the put-and-flush buffering of routed sinks
 * ({@link com.danubemessaging.connect.connectors.common.RoutedSink}).
 */
package com.danubemessaging.connect.connectors.common;
