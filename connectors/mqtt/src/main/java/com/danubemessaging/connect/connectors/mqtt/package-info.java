/** The built-in {@code source-mqtt} connector: MQTT 3.1.1 topics to Danube topics (connectors/mqtt/README.md). */
package com.danubemessaging.connect.connectors.mqtt;
