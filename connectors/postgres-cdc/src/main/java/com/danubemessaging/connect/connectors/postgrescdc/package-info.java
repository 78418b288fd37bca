/**
 * The built-in {@code source-postgres-cdc} connector: change data capture from PostgreSQL with Debezium's embedded
 * engine and the {@code pgoutput} plugin. Each committed insert, update and delete becomes a Debezium-style JSON record
 * on the Danube topic of its table; the replication slot is confirmed only up to what Danube acknowledged. The user
 * docs are {@code connectors/postgres-cdc/README.md}.
 */
package com.danubemessaging.connect.connectors.postgrescdc;
