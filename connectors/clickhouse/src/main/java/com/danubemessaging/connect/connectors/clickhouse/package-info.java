/** The built-in {@code sink-clickhouse} connector (connectors/clickhouse/README.md). */
package com.danubemessaging.connect.connectors.clickhouse;
