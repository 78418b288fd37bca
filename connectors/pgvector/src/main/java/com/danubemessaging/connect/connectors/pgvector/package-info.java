/** The built-in {@code sink-pgvector} connector (connectors/pgvector/README.md). */
package com.danubemessaging.connect.connectors.pgvector;
