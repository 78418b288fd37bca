package com.danubemessaging.connect.connectors.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.FatalException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad [jdbc] table stops the connector at start, naming the key and the reason (never the password). */
class JdbcSinkSettingsTest {

    private static Map<String, Object> table(Map<String, Object> overrides, Map<String, Object> routeOverrides) {
        Map<String, Object> route = JdbcSinkTest.orderRoute("orders");
        route.putAll(routeOverrides);
        Map<String, Object> table = new HashMap<>(Map.of("url", "jdbc:postgresql://db:5432/app", "routes",
                List.of(route)));
        table.putAll(overrides);
        return table;
    }

    private static JdbcSinkSettings settings(Map<String, Object> overrides, Map<String, Object> routeOverrides) {
        return JdbcSinkSettings.from(JdbcSinkTest.config(table(overrides, routeOverrides)), Map.of());
    }

    @Test
    void defaultsAndTheUpsertImpliedByKeyColumns() {
        JdbcSinkSettings s = settings(Map.of(), Map.of());
        assertThat(s.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(s.poolSize()).isEqualTo(2);
        assertThat(s.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
        JdbcRoute r = s.routes().get(0);
        assertThat(r.mode()).isEqualTo(WriteMode.UPSERT);
        assertThat(r.danube().consumerName()).isEqualTo("jdbc-sink-orders-to-db");
        assertThat(r.columns()).extracting(ColumnMapping::column).containsExactly("id", "amount", "customer");
        assertThat(r.columns().get(2).type()).isEqualTo(DataType.TEXT);
        assertThat(r.columns().get(0).nullable()).as("a key column is never nullable").isFalse();
        assertThat(r.columns().get(1).nullable()).isTrue();
        assertThat(new TableWriter(r, Dialect.POSTGRESQL).insertSql()).isEqualTo("INSERT INTO \"orders\" (\"id\", "
                + "\"amount\", \"customer\") VALUES (?, ?, ?) ON CONFLICT (\"id\") DO UPDATE SET \"amount\" = "
                + "EXCLUDED.\"amount\", \"customer\" = EXCLUDED.\"customer\"");
        assertThat(new TableWriter(r, Dialect.MARIADB).insertSql()).isEqualTo("INSERT INTO `orders` (`id`, "
                + "`amount`, `customer`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE `amount` = VALUES(`amount`), "
                + "`customer` = VALUES(`customer`)");
        assertThat(new TableWriter(r, Dialect.MARIADB).createTableSql()).isEqualTo("CREATE TABLE IF NOT EXISTS "
                + "`orders` (`id` BIGINT NOT NULL, `amount` DECIMAL(38,10), `customer` TEXT, PRIMARY KEY (`id`))");
    }

    @Test
    void envOverridesTheConnectionAndThePasswordIsNeverPrinted() {
        JdbcSinkSettings s = JdbcSinkSettings.from(JdbcSinkTest.config(table(Map.of("password", "from-toml"),
                Map.of())), Map.of("JDBC_URL", "jdbc:mariadb://other:3306/x?password=inline",
                "JDBC_USERNAME", "writer", "JDBC_PASSWORD", "from-env"));
        assertThat(s.url()).startsWith("jdbc:mariadb://other");
        assertThat(s.dialect()).isEqualTo(Dialect.MARIADB);
        assertThat(s.username()).isEqualTo("writer");
        assertThat(s.password()).isEqualTo("from-env");
        assertThat(s.toString()).doesNotContain("from-env").doesNotContain("inline").contains("password=***");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> settings(Map.of("url", "jdbc:oracle:thin:@x"), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("jdbc.url: must start with jdbc:postgresql: or jdbc:mariadb:");
        assertThatThrownBy(() -> settings(Map.of("routes", List.of()), Map.of()))
                .hasMessageStartingWith("jdbc.routes: at least one");
        assertThatThrownBy(() -> settings(Map.of(), Map.of("to", "orders; DROP TABLE x")))
                .hasMessageStartingWith("jdbc.routes[0].to: 'orders; DROP TABLE x' is not a plain SQL name");
        assertThatThrownBy(() -> settings(Map.of(), Map.of("insert_mode", "merge")))
                .hasMessage("jdbc.routes[0].insert_mode: must be \"insert\" or \"upsert\" (got \"merge\")");
        assertThatThrownBy(() -> settings(Map.of(), Map.of("key_columns", List.of(), "insert_mode", "upsert")))
                .hasMessageStartingWith("jdbc.routes[0].key_columns: required for insert_mode = \"upsert\"");
        assertThatThrownBy(() -> settings(Map.of(), Map.of("key_columns", List.of("order_id"))))
                .hasMessageStartingWith("jdbc.routes[0].key_columns[0]: 'order_id' is not one of the route's columns");
        assertThatThrownBy(() -> settings(Map.of(), Map.of("field_mappings", List.of())))
                .hasMessage("jdbc.routes[0]: needs field_mappings or payload_column (which columns to write)");
        assertThatThrownBy(() -> settings(Map.of(), Map.of("field_mappings", List.of(Map.of("column", "id",
                "json_path", "id", "metadata", "topic")))))
                .hasMessageStartingWith("jdbc.routes[0].field_mappings[0]: set exactly one of json_path");
        assertThatThrownBy(() -> settings(Map.of(), Map.of("field_mappings", List.of(Map.of("column", "id",
                "json_path", "id", "data_type", "uuid")))))
                .hasMessageStartingWith("jdbc.routes[0].field_mappings[0].data_type: unknown data type 'uuid'");
        assertThatThrownBy(() -> settings(Map.of(), Map.of("field_mappings", List.of(Map.of("column", "id",
                "json_path", "items[x]")))))
                .hasMessageStartingWith("jdbc.routes[0].field_mappings[0].json_path: array index must be a number");
        assertThatThrownBy(() -> settings(Map.of(), Map.of("field_mappings", List.of(Map.of("column", "t",
                "metadata", "partition")))))
                .hasMessageStartingWith("jdbc.routes[0].field_mappings[0].metadata: unknown metadata 'partition'");
        assertThatThrownBy(() -> settings(Map.of(), Map.of("payload_column", "customer")))
                .hasMessageStartingWith("jdbc.routes[0]: column 'customer' is written twice");
        ConnectorConfig typo = JdbcSinkTest.config(table(Map.of("pool", 3), Map.of("table", "x")));
        JdbcSinkSettings.from(typo, Map.of());
        assertThat(typo.unknownKeys().found()).containsExactly(
                "jdbc.pool: unknown key, ignored (did you mean jdbc.pool_size?)",
                "jdbc.routes[0].table: unknown key, ignored");
        assertThatThrownBy(() -> settings(Map.of("pool_size", "many"), Map.of()))
                .hasMessageStartingWith("jdbc.pool_size: expected");
    }

    @Test
    void aDatabaseThatRefusesTheLoginStopsTheConnectorWithoutShowingThePassword() {
        TestDatabase.MARIADB.requireRunning();
        JdbcSink sink = new JdbcSink(config -> JdbcSinkSettings.from(config, Map.of("JDBC_PASSWORD",
                "wrong-pass-123")));
        assertThatThrownBy(() -> sink.initialize(JdbcSinkTest.config(table(Map.of("url",
                TestDatabase.MARIADB.url(), "username", "root", "connection_timeout_ms", 2000), Map.of()))))
                .isInstanceOf(FatalException.class)
                .hasMessageContaining("sink-jdbc cannot prepare its tables at jdbc:mariadb://127.0.0.1:3306/test "
                        + "as root")
                .hasMessageContaining("28000")
                .hasMessageNotContaining("wrong-pass-123");
    }

    @Test
    void aMissingTableColumnOrUniqueKeyIsFoundAtStart() {
        TestDatabase db = TestDatabase.POSTGRESQL.requireRunning();
        String table = TestDatabase.uniqueTable("checked");
        try {
            Map<String, Object> noCreate = new HashMap<>(Map.of("create_table", false));
            assertThatThrownBy(() -> start(db, table, noCreate))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessage("jdbc.routes[0].to: table " + table + " does not exist in schema public (create it, "
                            + "or set create_table = true)");
            db.execute("CREATE TABLE " + table + " (id BIGINT, amount NUMERIC)");
            assertThatThrownBy(() -> start(db, table, noCreate))
                    .hasMessage("jdbc.routes[0]: table " + table + " has no column customer (its columns: id, "
                            + "amount)");
            db.execute("ALTER TABLE " + table + " ADD COLUMN customer TEXT");
            assertThatThrownBy(() -> start(db, table, noCreate))
                    .hasMessageStartingWith("jdbc.routes[0].key_columns: table " + table + " has no primary key or "
                            + "unique index on exactly [id]");
            db.execute("CREATE UNIQUE INDEX ON " + table + " (id)");
            start(db, table, noCreate).shutdown();
        } finally {
            db.dropTable(table);
        }
    }

    private static JdbcSink start(TestDatabase db, String table, Map<String, Object> routeOverrides) {
        JdbcSink sink = new JdbcSink(config -> JdbcSinkSettings.from(config, Map.of()));
        Map<String, Object> route = JdbcSinkTest.orderRoute(table);
        route.putAll(routeOverrides);
        sink.initialize(JdbcSinkTest.config(Map.of("url", db.url(), "username", db.user(), "routes",
                List.of(route))));
        return sink;
    }
}
