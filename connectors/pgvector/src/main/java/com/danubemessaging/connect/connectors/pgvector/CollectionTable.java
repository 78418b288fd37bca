package com.danubemessaging.connect.connectors.pgvector;

import com.danubemessaging.connect.api.ConfigurationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The table of one route: {@code id numeric(20,0) PRIMARY KEY, embedding vector(D) NOT NULL, payload jsonb NOT
 * NULL}. {@link #prepare} checks an existing table against the route, or, with {@code auto_create_collection},
 * creates the {@code vector} extension, the table and an HNSW index with the operator class of the route's distance.
 */
final class CollectionTable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectionTable.class);

    private CollectionTable() {
    }

    /**
     * Makes the table ready and commits.
     *
     * @throws ConfigurationException naming the route when the table cannot serve it
     * @throws SQLException           when the database fails otherwise (the caller reports it)
     */
    static void prepare(Connection connection, PgVectorRoute route) throws SQLException {
        Map<String, String> columns = columns(connection, route);
        if (columns.isEmpty()) {
            if (!route.autoCreate()) {
                throw new ConfigurationException("pgvector route " + route.label() + ": table " + route.sqlTable()
                        + " does not exist; create it (connectors/pgvector/README.md) or set auto_create_collection"
                        + " = true");
            }
            create(connection, route);
            columns = columns(connection, route);
        }
        check(route, columns);
        requireUniqueId(connection, route);
        ensureIndex(connection, route);
        connection.commit();
    }

    private static void create(Connection connection, PgVectorRoute route) throws SQLException {
        if (!vectorInstalled(connection)) {
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS vector");
            } catch (SQLException e) {
                // no rollback here: the pool may have closed the connection already (it counts 0A000, "not
                // available", among the broken-connection states), and it rolls back whatever it gets back
                throw new ConfigurationException("pgvector route " + route.label() + ": the vector extension is not"
                        + " installed in this database and the login cannot create it (have a superuser run CREATE"
                        + " EXTENSION vector once): " + e.getMessage(), e);
            }
        }
        String sql = "CREATE TABLE IF NOT EXISTS " + route.sqlTable() + " (id numeric(20,0) PRIMARY KEY,"
                + " embedding vector(" + route.dimension() + ") NOT NULL, payload jsonb NOT NULL DEFAULT '{}')";
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
        LOG.info("sink-pgvector route {}: created table {}", route.label(), sql);
    }

    private static boolean vectorInstalled(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'vector'")) {
            return rs.next();
        }
    }

    /** Column name → {@code format_type} (e.g. {@code vector(384)}); empty when there is no such table. */
    private static Map<String, String> columns(Connection connection, PgVectorRoute route) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT a.attname, format_type(a.atttypid,"
                + " a.atttypmod) FROM pg_attribute a WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT"
                + " a.attisdropped ORDER BY a.attnum")) {
            s.setString(1, route.sqlTable());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return columns;
    }

    private static void check(PgVectorRoute route, Map<String, String> columns) {
        String where = "pgvector route " + route.label() + ": table " + route.sqlTable();
        String id = columns.get("id");
        String embedding = columns.get("embedding");
        String payload = columns.get("payload");
        if (id == null || embedding == null || payload == null) {
            throw new ConfigurationException(where + " needs the columns id numeric(20,0), embedding vector("
                    + route.dimension() + ") and payload jsonb; it has " + columns);
        }
        if (!id.startsWith("numeric")) {
            throw new ConfigurationException(where + ": column id is " + id + "; ids are unsigned 64-bit numbers,"
                    + " it must be numeric(20,0)");
        }
        String expected = "vector(" + route.dimension() + ")";
        if (!embedding.equals(expected)) {
            throw new ConfigurationException(where + ": column embedding is " + embedding + ", the route's"
                    + " vector_dimension needs " + expected);
        }
        if (!payload.equals("jsonb")) {
            throw new ConfigurationException(where + ": column payload is " + payload + ", it must be jsonb");
        }
    }

    private static void requireUniqueId(Connection connection, PgVectorRoute route) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT 1 FROM pg_index i JOIN pg_attribute a ON"
                + " a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid = to_regclass(?) AND"
                + " i.indisunique AND i.indnkeyatts = 1 AND a.attname = 'id'")) {
            s.setString(1, route.sqlTable());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new ConfigurationException("pgvector route " + route.label() + ": table "
                            + route.sqlTable() + " has no primary key or unique index on id alone, which the upsert"
                            + " (ON CONFLICT (id)) needs");
                }
            }
        }
    }

    /** Creates the HNSW index unless the embedding column has an approximate index already. */
    private static void ensureIndex(Connection connection, PgVectorRoute route) throws SQLException {
        Optional<String> existing = vectorIndex(connection, route);
        if (existing.isPresent()) {
            if (!existing.get().contains(route.distance().operatorClass())) {
                LOG.warn("sink-pgvector route {}: the index on embedding ({}) is not built for {} distance ({});"
                        + " queries ordered by {} will not use it", route.label(), existing.get(),
                        route.distance().configName(), route.distance().operatorClass(), route.distance().operator());
            }
            return;
        }
        if (!route.autoCreate()) {
            LOG.info("sink-pgvector route {}: table {} has no HNSW or IVFFlat index on embedding; nearest-neighbour"
                    + " queries scan the whole table", route.label(), route.sqlTable());
            return;
        }
        String sql = "CREATE INDEX IF NOT EXISTS " + PgVectorRoute.quote(route.indexName()) + " ON "
                + route.sqlTable() + " USING hnsw (embedding " + route.distance().operatorClass() + ")";
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
        LOG.info("sink-pgvector route {}: created index {}", route.label(), sql);
    }

    private static Optional<String> vectorIndex(Connection connection, PgVectorRoute route) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i"
                + " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam JOIN pg_attribute a"
                + " ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE i.indrelid = to_regclass(?) AND"
                + " am.amname IN ('hnsw', 'ivfflat') AND a.attname = 'embedding'")) {
            s.setString(1, route.sqlTable());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
