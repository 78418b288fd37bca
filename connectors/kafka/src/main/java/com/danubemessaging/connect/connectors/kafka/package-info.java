/**
 * The built-in {@code source-kafka} connector: consumes Kafka topics with a consumer group and publishes each record
 * to the Danube topic of its route, committing Kafka offsets only after Danube acknowledged the records. Documented
 * in {@code connectors/kafka/README.md}.
 */
package com.danubemessaging.connect.connectors.kafka;
