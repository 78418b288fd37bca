/**
 * {@code sink-jdbc}: writes the messages of Danube topics as rows of PostgreSQL or MariaDB tables, one transaction
 * per batch, acknowledged to Danube only after the commit. See {@code connectors/jdbc/README.md}.
 */
package com.danubemessaging.connect.connectors.jdbc;
