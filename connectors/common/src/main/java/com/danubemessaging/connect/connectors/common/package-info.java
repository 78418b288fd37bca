/**
 * Configuration pieces the built-in sinks share: key-checked TOML tables ({@link
 * com.danubemessaging.connect.connectors.common.ConfigTable}), the common route keys ({@link
 * com.danubemessaging.connect.connectors.common.SinkRoute}) and field mappings with dotted JSON paths.
 */
package com.danubemessaging.connect.connectors.common;
