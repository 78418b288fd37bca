package com.danubemessaging.connect.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.runtime.config.ConfigLoader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example connector.toml of sink-jdbc loads, and writes rows into the local PostgreSQL as it is. */
class JdbcExamplesTest {
    private static final Path EXAMPLE = Path.of("examples", "sink-jdbc.toml");

    @Test
    void theExampleWritesAnOrderIntoPostgres() {
        TestDatabase db = TestDatabase.POSTGRESQL.requireRunning();
        ConnectorConfig loaded = new ConfigLoader(Map.of()).loadFile(EXAMPLE).config();
        JdbcSinkSettings settings = JdbcSinkSettings.from(loaded, Map.of());
        assertThat(settings.url()).isEqualTo(db.url().replace("127.0.0.1", "localhost"));
        assertThat(settings.routes().get(0).table().name()).isEqualTo("orders");

        // the same file with a table of this run's own, since the database is shared
        String table = TestDatabase.uniqueTable("example_orders");
        ObjectNode raw = (ObjectNode) loaded.raw();
        ((ObjectNode) raw.path("jdbc").path("routes").get(0)).put("to", table);
        ConnectorConfig config = ConnectorConfig.builder().serviceUrl(loaded.serviceUrl())
                .connectorName(loaded.connectorName()).raw(raw).build();
        JdbcSink sink = new JdbcSink(c -> JdbcSinkSettings.from(c, Map.of()));
        try {
            sink.initialize(config);
            String order = "{\"id\":1001,\"customer\":{\"name\":\"Ada\"},\"amount\":\"19.90\","
                    + "\"created_at\":\"2026-11-28T09:00:00Z\"}";
            SinkRecord record = SinkRecord.builder("/default/orders", order.getBytes(StandardCharsets.UTF_8))
                    .messageId("/default/orders@0/1").publishTimeMillis(1_764_320_400_000L).build();
            sink.processBatch(List.of(record));
            sink.flush();

            Map<String, Object> row = db.query("SELECT order_id, customer, amount::text AS amount, "
                    + "doc->>'id' AS doc_id, danube_message_id FROM " + table).get(0);
            assertThat(row).containsEntry("order_id", 1001L).containsEntry("customer", "Ada")
                    .containsEntry("amount", "19.90").containsEntry("doc_id", "1001")
                    .containsEntry("danube_message_id", "/default/orders@0/1");
        } finally {
            sink.shutdown();
            db.dropTable(table);
        }
    }
}
