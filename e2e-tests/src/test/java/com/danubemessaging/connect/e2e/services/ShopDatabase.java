package com.danubemessaging.connect.e2e.services;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

/**
 * The PostgreSQL side of examples/sink-jdbc.yaml on the machine's shared server: its user {@code danube_writer}
 * (created when missing, never dropped: other runs may use it) and a database of this run, owned by that user so
 * the sink may create its table. The shared server trusts every local connection, so the user's password is set
 * (and rotated) as the example's Secret says but not checked by the server.
 */
public final class ShopDatabase implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5432;

    private final String database;
    private final String user;

    private ShopDatabase(String database, String user) {
        this.database = database;
        this.user = user;
    }

    public static ShopDatabase create(String database, String user, String password) {
        try (Connection admin = connect("postgres"); Statement st = admin.createStatement()) {
            try {
                st.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            } catch (SQLException e) {
                if (!"42710".equals(e.getSQLState())) { // duplicate_object: another run made it
                    throw e;
                }
            }
            st.execute("CREATE DATABASE " + database + " OWNER " + user);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare PostgreSQL database " + database + ": " + e.getMessage(), e);
        }
        ShopDatabase db = new ShopDatabase(database, user);
        db.setPassword(password);
        return db;
    }

    public String name() {
        return database;
    }

    public void setPassword(String password) {
        execute("postgres", "ALTER ROLE " + user + " PASSWORD '" + password.replace("'", "''") + "'");
    }

    /**
     * A table the user may read but not write, shaped like {@code like} (a fatal error for the sink: SQLSTATE
     * 42501, permission denied).
     */
    public void createReadOnlyTable(String table, String like) {
        execute(database, "CREATE TABLE " + table + " (LIKE " + like + " INCLUDING ALL)");
        execute(database, "REVOKE ALL ON " + table + " FROM PUBLIC, " + user);
        execute(database, "GRANT SELECT ON " + table + " TO " + user);
    }

    /** The values of a bigint column. */
    public Set<Long> ids(String table, String column) {
        Set<Long> ids = new TreeSet<>();
        try (Connection c = connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + column + " FROM " + table)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // the sink has not created its table yet
                return ids;
            }
            throw new IllegalStateException("cannot read " + table + ": " + e.getMessage(), e);
        }
        return ids;
    }

    public long count(String table) {
        try (Connection c = connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count " + table + ": " + e.getMessage(), e);
        }
    }

    private static void execute(String db, String sql) {
        try (Connection c = connect(db); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(String db) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + HOST + ":" + PORT + "/" + db, "postgres", "");
    }

    @Override
    public void close() {
        try (Connection admin = connect("postgres"); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            // clean-up only
        }
    }
}
