package com.danubemessaging.connect.connectors.pgvector;

import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.connectors.common.RoutedSink;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The points of one route waiting for the next flush, and the transaction that writes them: one batched upsert
 * ({@code INSERT … ON CONFLICT (id) DO UPDATE}) and a commit per route and flush. The runtime acknowledges the
 * messages only after the commit; a redelivered message has the same id and so updates its row instead of adding
 * one.
 */
final class CollectionWriter implements RoutedSink.Writer {
    private static final Logger LOG = LoggerFactory.getLogger(CollectionWriter.class);

    private final PgVectorRoute route;
    private final DataSource pool;
    private final PointMapper mapper;
    private final String upsertSql;
    /** Keyed by id: the last point of an id wins, and one statement never touches a row twice. */
    private final Map<BigInteger, Point> pending = new LinkedHashMap<>();
    private final List<SinkRecord> records = new ArrayList<>();

    CollectionWriter(PgVectorRoute route, DataSource pool) {
        this.route = route;
        this.pool = pool;
        this.mapper = new PointMapper(route);
        this.upsertSql = "INSERT INTO " + route.sqlTable() + " (id, embedding, payload) VALUES (?, ?::vector,"
                + " ?::jsonb) ON CONFLICT (id) DO UPDATE SET embedding = EXCLUDED.embedding, payload ="
                + " EXCLUDED.payload";
    }

    PgVectorRoute route() {
        return route;
    }

    /** @throws com.danubemessaging.connect.api.InvalidDataException when the record is not a vector it can store */
    @Override
    public void add(SinkRecord record) {
        Point point = mapper.map(record);
        pending.remove(point.id());
        pending.put(point.id(), point);
        records.add(record);
    }

    /** Upserts everything pending in one transaction and commits; pending is empty afterwards either way. */
    @Override
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        String what = "pgvector route " + route.label() + ": upserting " + pending.size() + " row(s)";
        SinkRecord single = records.size() == 1 ? records.get(0) : null;
        try (Connection connection = pool.getConnection()) {
            try {
                upsert(connection, pending.values());
                connection.commit();
            } catch (SQLException e) {
                rollback(connection);
                throw SqlFailures.classify(e, what, single);
            }
        } catch (SQLException e) {
            throw SqlFailures.classify(e, what, single);
        } finally {
            discard();
        }
    }

    private void upsert(Connection connection, Collection<Point> points) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(upsertSql)) {
            for (Point point : points) {
                statement.setBigDecimal(1, new BigDecimal(point.id()));
                statement.setString(2, point.vector());
                statement.setString(3, point.payload());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    @Override
    public void discard() {
        pending.clear();
        records.clear();
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("sink-pgvector: rollback after a failed upsert failed too (the pool drops the connection): {}",
                    e.toString());
        }
    }
}
