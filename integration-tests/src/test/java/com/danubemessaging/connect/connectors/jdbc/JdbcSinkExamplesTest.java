package com.danubemessaging.connect.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.connectors.ExampleResources;
import com.danubemessaging.connect.connectors.ExampleResources.Example;
import org.junit.jupiter.api.Test;

/** examples/sink-jdbc.yaml gives sink-jdbc a configuration it accepts, with the password from the Secret. */
class JdbcSinkExamplesTest {

    @Test
    void theExampleResourceConfiguresTheRealConnector() {
        Example example = ExampleResources.connector("sink-jdbc.yaml", "orders-to-postgres");
        JdbcSinkSettings settings = JdbcSinkSettings.from(example.config(), example.env());

        assertThat(settings.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(settings.username()).isEqualTo("danube_writer");
        assertThat(settings.password()).as("JDBC_PASSWORD from Secret jdbc-sink-credentials")
                .isEqualTo(example.env().get("JDBC_PASSWORD")).isNotBlank();
        JdbcRoute route = settings.routes().get(0);
        assertThat(route.mode()).isEqualTo(WriteMode.UPSERT);
        assertThat(route.keyColumns()).containsExactly("order_id");
        assertThat(route.columns()).extracting(ColumnMapping::column)
                .containsExactly("order_id", "customer", "amount", "ordered_at", "published_at", "doc");
        assertThat(new TableWriter(route, settings.dialect()).createTableSql()).contains("\"doc\" JSONB NOT NULL")
                .contains("PRIMARY KEY (\"order_id\")");
    }
}
