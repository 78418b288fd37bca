package com.danubemessaging.connect.connectors.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases this machine runs for the tests, shared with other test runs: PostgreSQL on 127.0.0.1:5432 (trust
 * auth, database {@code test}) and MariaDB on 127.0.0.1:3306 (root without password, database {@code test}).
 * Tests use a table name of their own per run ({@link #uniqueTable}). When a server is absent the tests fail in
 * CI ({@code CI=true}) and are skipped elsewhere, with the reason. Used by this module's tests and, through its
 * test jar, by the end-to-end tests in integration-tests.
 */
public enum TestDatabase {
    POSTGRESQL("PostgreSQL", "jdbc:postgresql", 5432, "postgres"),
    MARIADB("MariaDB", "jdbc:mariadb", 3306, "root");

    private final String product;
    private final String scheme;
    private final int port;
    private final String user;

    TestDatabase(String product, String scheme, int port, String user) {
        this.product = product;
        this.scheme = scheme;
        this.port = port;
        this.user = user;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    /** The JDBC URL of database {@code test} on 127.0.0.1. */
    public String url() {
        return url(port);
    }

    /** The JDBC URL of database {@code test} on 127.0.0.1:{@code port} (e.g. a proxy in front of the server). */
    public String url(int port) {
        return scheme + "://127.0.0.1:" + port + "/test";
    }

    /** Fails in CI and skips elsewhere when the server does not answer. */
    public TestDatabase requireRunning() {
        try (Connection c = connect()) {
            return this;
        } catch (SQLException e) {
            String reason = product + " is not reachable at " + url() + " as " + user + ": " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(reason + " (CI runs it: see .ci/run)", e);
            }
            Assumptions.abort(reason);
            return this;
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user, null);
    }

    /** {@code prefix_<random>}: unique per run, so concurrent runs never share a table. */
    public static String uniqueTable(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(product + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    public void dropTable(String table) {
        execute("DROP TABLE IF EXISTS " + table);
    }

    /** Every row of {@code sql} as column label → value, in result order. */
    public List<Map<String, Object>> query(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(product + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    /** The values of the first column of {@code sql} as longs. */
    public List<Long> longs(String sql) {
        return query(sql).stream().map(r -> ((Number) r.values().iterator().next()).longValue()).toList();
    }

    @Override
    public String toString() {
        return product;
    }
}
