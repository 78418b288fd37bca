package com.danubemessaging.connect.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.ProcessingSettings;
import com.danubemessaging.connect.api.RetrySettings;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start-up against a cluster that cannot be reached: clear errors, after the configured retries. */
class KafkaSourceStartTest {

    private static ConnectorConfig config(String bootstrap, RetrySettings retry, Map<String, Object> extra) {
        Map<String, Object> table = new HashMap<>();
        table.put("bootstrap_servers", bootstrap);
        table.put("group_id", "g");
        table.put("routes", List.of(Map.of("from", "orders", "to", "/default/orders")));
        table.put("connection_timeout_ms", 400);
        table.putAll(extra);
        return ConnectorConfig.builder().serviceUrl("http://localhost:6650").connectorName("kafka-src")
                .retry(retry).processing(ProcessingSettings.defaults()).table("kafka", table).build();
    }

    @Test
    void anUnreachableBootstrapServerStopsTheConnectorAfterTheConfiguredRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> new KafkaSource(Map.of()).initialize(config("127.0.0.1:" + closedPort,
                new RetrySettings(2, 50, 100), Map.of())))
                .isInstanceOf(FatalException.class)
                .hasMessage("kafka.bootstrap_servers: cannot reach the Kafka cluster at 127.0.0.1:" + closedPort
                        + " after 3 attempt(s) of 400 ms each (kafka.connection_timeout_ms, [retry] max_retries = 2):"
                        + " Timeout expired while fetching topic metadata");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("three waits of 400 ms and two back-offs")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1250));
    }

    @Test
    void aBootstrapNameThatDoesNotResolveIsRetriedLikeAnUnreachableOne() {
        assertThatThrownBy(() -> new KafkaSource(Map.of()).initialize(config("no-such-host.invalid:9092",
                new RetrySettings(1, 10, 10), Map.of())))
                .isInstanceOf(FatalException.class)
                .hasMessage("kafka.bootstrap_servers: cannot reach the Kafka cluster at no-such-host.invalid:9092"
                        + " after 2 attempt(s) of 400 ms each (kafka.connection_timeout_ms, [retry] max_retries = 1):"
                        + " No resolvable bootstrap urls given in bootstrap.servers");
    }

    @Test
    void aConsumerPropertyKafkaRejectsIsAConfigurationError() {
        assertThatThrownBy(() -> new KafkaSource(Map.of()).initialize(config("127.0.0.1:9", RetrySettings.defaults(),
                Map.of("properties", Map.of("fetch.max.bytes", "lots")))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("kafka: the Kafka consumer cannot be created: Invalid value lots for configuration"
                        + " fetch.max.bytes: Not a number of type INT");
    }
}
