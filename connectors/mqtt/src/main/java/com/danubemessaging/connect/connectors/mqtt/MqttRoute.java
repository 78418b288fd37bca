package com.danubemessaging.connect.connectors.mqtt;

/**
 * One {@code [[mqtt.routes]]} entry: messages matching {@code from} go to the Danube topic {@code to}.
 *
 * @param from             the MQTT topic filter subscribed to
 * @param to               {@code /namespace/topic}
 * @param qos              the subscription QoS
 * @param partitions       Danube topic partitions, 0 = not partitioned
 * @param reliableDispatch Danube reliable dispatch; unset in TOML = true for QoS 1 and 2, false for QoS 0
 */
record MqttRoute(TopicFilter from, String to, MqttQos qos, int partitions, boolean reliableDispatch) {
}
