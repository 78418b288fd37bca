package com.danubemessaging.connect.connectors.postgrescdc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The local PostgreSQL (127.0.0.1:5432, trust auth, database {@code test}) with names unique to one test run, and the
 * clean-up of everything a run made: slots (an abandoned slot keeps WAL forever), publications, tables, roles. Absent
 * server: the test fails in CI ({@code CI=true}) and is skipped elsewhere.
 */
final class TestPostgres implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    static final int PORT = 5432;
    static final String DATABASE = "test";
    static final String USER = "postgres";

    final String id = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toLowerCase(Locale.ROOT);
    private final List<Runnable> cleanup = new ArrayList<>();

    static TestPostgres open() {
        try (Connection ignored = connect()) {
            return new TestPostgres();
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("PostgreSQL on " + HOST + ":" + PORT + " is required in CI: " + e.getMessage(),
                        e);
            }
            assumeTrue(false, "PostgreSQL on " + HOST + ":" + PORT + " is not reachable: " + e.getMessage());
            throw new IllegalStateException(e);
        }
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + DATABASE, USER, "");
    }

    /** A unique name with this run's id: {@code prefix_<id>}. */
    String name(String prefix) {
        return prefix + "_" + id;
    }

    void execute(String... statements) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " in " + String.join("; ", statements), e);
        }
    }

    String single(String sql) {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + " in " + sql, e);
        }
    }

    /** A table {@code name} (dropped at close). */
    void createTable(String name, String columns) {
        execute("CREATE TABLE " + name + " (" + columns + ")");
        cleanup.add(() -> execute("DROP TABLE IF EXISTS " + name));
    }

    /** Drops the slot and publication of this name at close. */
    void dropSlotAndPublicationAtClose(String slot, String publication) {
        cleanup.add(() -> execute("DROP PUBLICATION IF EXISTS " + publication));
        cleanup.add(() -> dropSlot(slot));
    }

    /** A login role (dropped at close). */
    void createRole(String name, String options) {
        execute("CREATE ROLE " + name + " LOGIN " + options);
        cleanup.add(() -> execute("DROP OWNED BY " + name, "DROP ROLE IF EXISTS " + name));
    }

    /** Drops the slot, ending a walsender still streaming from it (a killed runtime's may linger briefly). */
    void dropSlot(String slot) {
        for (int attempt = 0; attempt < 50; attempt++) {
            String pid = single("SELECT active_pid FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
            if (pid != null) {
                execute("SELECT pg_terminate_backend(" + pid + ")");
            }
            try {
                execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '"
                        + slot + "'");
                return;
            } catch (IllegalStateException e) {
                sleep(100); // still active: the terminated walsender has not exited yet
            }
        }
        throw new IllegalStateException("could not drop replication slot " + slot);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String confirmedFlushLsn(String slot) {
        return single("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
    }

    /** {@code 0/1A2B3C8} as a number. */
    static long lsnOf(String lsn) {
        String[] parts = lsn.split("/");
        return (Long.parseLong(parts[0], 16) << 32) + Long.parseLong(parts[1], 16);
    }

    /** LSN a minus LSN b in bytes. */
    long lsnDiff(String a, String b) {
        return Long.parseLong(single("SELECT pg_wal_lsn_diff('" + a + "', '" + b + "')::bigint"));
    }

    @Override
    public void close() {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            try {
                cleanup.get(i).run();
            } catch (RuntimeException e) {
                System.err.println("clean-up failed: " + e.getMessage());
            }
        }
    }
}
