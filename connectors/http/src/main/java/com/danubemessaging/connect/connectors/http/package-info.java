/**
 * {@code sink-http}: delivers the messages of Danube topics to HTTP endpoints, one request per message or one JSON
 * array per batch, acknowledged to Danube only after the endpoint answered 2xx. See {@code connectors/http/README.md}.
 */
package com.danubemessaging.connect.connectors.http;
