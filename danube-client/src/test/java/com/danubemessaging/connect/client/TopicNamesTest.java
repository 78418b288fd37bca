package com.danubemessaging.connect.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicNamesTest {

    @Test
    void acceptsNamespaceSlashTopic() {
        assertThat(TopicNames.requireValid("/default/orders_v2-eu")).isEqualTo("/default/orders_v2-eu");
    }

    @Test
    void rejectsOtherShapesNamingTheCause() {
        for (String bad : new String[] {"orders", "/default", "/a/b/c", "default/orders", "/default/or ders",
                "/default/orders.v1"}) {
            assertThatThrownBy(() -> TopicNames.requireValid(bad))
                    .isInstanceOf(DanubeClientException.class)
                    .hasMessageContaining("Invalid topic name '" + bad + "'")
                    .satisfies(e -> assertThat(((DanubeClientException) e).code())
                            .isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
    }

    @Test
    void namesPartitions() {
        assertThat(TopicNames.partition("/default/orders", 3)).isEqualTo("/default/orders-part-3");
        assertThat(TopicNames.partitionIndex("/default/orders", "/default/orders-part-12")).isEqualTo(12);
        assertThat(TopicNames.partitionIndex("/default/orders", "/default/orders")).isEqualTo(-1);
        assertThat(TopicNames.partitionIndex("/default/orders", "/default/orders-part-1-dlq")).isEqualTo(-1);
    }

    /** Upstream's TopicPartitions is a prefix scan: siblings come back and must not be taken for partitions. */
    @Test
    void ownTopicsDropSiblingsOfThePrefixScan() {
        assertThat(TopicNames.ownTopics("/default/orders", List.of("/default/orders-dlq", "/default/orders-part-10",
                "/default/orders-part-2", "/default/orders2", "/default/orders-part-2-dlq")))
                .containsExactly("/default/orders-part-2", "/default/orders-part-10");
        assertThat(TopicNames.ownTopics("/default/orders", List.of("/default/orders-dlq"))).isEmpty();
        assertThat(TopicNames.ownTopics("/default/orders", List.of("/default/orders"))).containsExactly("/default/orders");
    }
}
