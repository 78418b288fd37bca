/** The built-in {@code source-webhook} connector: HTTP POSTs to Danube topics (connectors/webhook/README.md). */
package com.danubemessaging.connect.connectors.webhook;
