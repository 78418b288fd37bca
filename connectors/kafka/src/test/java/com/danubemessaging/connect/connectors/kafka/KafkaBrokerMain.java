package com.danubemessaging.connect.connectors.kafka;

import kafka.tools.StorageTool;

/**
 * The child JVM of {@link KafkaTestBroker}: formats the KRaft log directory (as {@code kafka-storage.sh format}
 * does) and starts the combined controller and broker from the given {@code server.properties}, as
 * {@code kafka-server-start.sh} does. Arguments: the properties file and the cluster id.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) {
        String properties = args[0];
        String clusterId = args[1];
        int formatted = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", properties,
            "--ignore-formatted"}, System.out);
        if (formatted != 0) {
            System.err.println("kafka-storage format failed with " + formatted);
            System.exit(formatted);
        }
        kafka.Kafka.main(new String[] {properties});
    }
}
