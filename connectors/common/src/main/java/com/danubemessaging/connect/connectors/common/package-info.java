/**
 * Code the built-in connectors share: PEM and TLS files ({@link com.danubemessaging.connect.connectors.common.PemFiles},
 * {@link com.danubemessaging.connect.connectors.common.TlsContexts}), turning external payloads into records
 * ({@link com.danubemessaging.connect.connectors.common.RecordPayloads}) and checking a connector's own TOML tables
 * ({@link com.danubemessaging.connect.connectors.common.ConfigKeys}).
 */
package com.danubemessaging.connect.connectors.common;
