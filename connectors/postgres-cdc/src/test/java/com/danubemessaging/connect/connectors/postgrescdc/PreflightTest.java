package com.danubemessaging.connect.connectors.postgrescdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input stops the connector at start with what to change, against real servers: a table without a primary key,
 * a user without the REPLICATION privilege (a dedicated role), and a server whose wal_level is not logical (a scratch
 * server, since the shared one must stay logical). Nothing is created on the server by a refused start.
 */
class PreflightTest {

    @TempDir
    Path dir;

    private TestPostgres pg;

    @BeforeEach
    void open() {
        pg = TestPostgres.open();
    }

    @AfterEach
    void close() {
        pg.close();
    }

    private ConnectorConfig config(int port, String user, String table, Map<String, Object> extra) {
        Map<String, Object> cdc = new HashMap<>(Map.of("host", TestPostgres.HOST, "port", port,
                "database", TestPostgres.DATABASE, "user", user, "tables", List.of(table),
                "slot_name", pg.name("slot"), "offset_file", dir.resolve("offsets.json").toString()));
        cdc.putAll(extra);
        return ConnectorConfig.builder().serviceUrl("http://127.0.0.1:1").connectorName("cdc-" + pg.id)
                .table("postgres_cdc", cdc).build();
    }

    private void assertNothingCreated() {
        assertThat(pg.single("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + pg.name("slot") + "'"))
                .isEqualTo("0");
        assertThat(pg.single("SELECT count(*) FROM pg_publication WHERE pubname = '" + pg.name("slot") + "'"))
                .isEqualTo("0");
    }

    @Test
    void aTableWithoutPrimaryKeyIsRefusedWithTheFix() {
        String table = pg.name("nopk");
        pg.createTable(table, "id int, note text");
        PostgresCdcSource source = new PostgresCdcSource(Map.of());

        assertThatThrownBy(() -> source.initialize(config(TestPostgres.PORT, TestPostgres.USER, table, Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("table public." + table + " has no primary key")
                .hasMessageContaining("ALTER TABLE \"public\".\"" + table + "\" ADD PRIMARY KEY")
                .hasMessageContaining("REPLICA IDENTITY FULL");
        assertNothingCreated();
    }

    @Test
    void aTableWithoutPrimaryKeyIsAcceptedWithReplicaIdentityFullAndAConfiguredKey() throws Exception {
        String table = pg.name("nopk_full");
        pg.createTable(table, "id int, note text");
        pg.execute("ALTER TABLE " + table + " REPLICA IDENTITY FULL");
        ConnectorConfig config = config(TestPostgres.PORT, TestPostgres.USER, "x",
                Map.of("tables", List.of(), "routes", List.of(Map.of("table", table, "key", List.of("id")))));
        PostgresCdcSettings settings = PostgresCdcSettings.from(config, Map.of());
        try (var connection = settings.connect()) {
            new Preflight(settings).check(connection);
        }
    }

    @Test
    void aUserWithoutReplicationPrivilegeIsRefusedWithTheFix() {
        String table = pg.name("items");
        String role = pg.name("norepl");
        pg.createTable(table, "id int PRIMARY KEY");
        pg.createRole(role, "NOREPLICATION");
        pg.execute("GRANT SELECT ON " + table + " TO " + role);
        PostgresCdcSource source = new PostgresCdcSource(Map.of());

        assertThatThrownBy(() -> source.initialize(config(TestPostgres.PORT, role, table, Map.of())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("PostgreSQL user '" + role + "' may not use logical replication")
                .hasMessageContaining("ALTER ROLE \"" + role + "\" WITH REPLICATION");
        assertNothingCreated();
    }

    @Test
    void aServerWithoutLogicalWalLevelIsRefusedWithTheFix() {
        try (ScratchPostgres scratch = ScratchPostgres.start("wal_level=replica")) {
            PostgresCdcSource source = new PostgresCdcSource(Map.of());
            ConnectorConfig config = config(scratch.port, "postgres", "public.anything", Map.of("database", "postgres"));

            assertThatThrownBy(() -> source.initialize(config))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("PostgreSQL wal_level is 'replica', change data capture needs 'logical'")
                    .hasMessageContaining("ALTER SYSTEM SET wal_level = logical; then restart PostgreSQL");
        }
    }
}
