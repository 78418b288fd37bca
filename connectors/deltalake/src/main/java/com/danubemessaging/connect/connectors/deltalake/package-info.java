/** The built-in {@code sink-deltalake} connector (connectors/deltalake/README.md). */
package com.danubemessaging.connect.connectors.deltalake;
