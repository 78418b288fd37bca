package com.danubemessaging.connect.connectors.jdbc;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.ConsumerConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SinkConnector;
import com.danubemessaging.connect.api.SinkRecord;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sink-jdbc}: writes messages as rows of PostgreSQL or MariaDB tables.
 *
 * <p>{@link #processBatch} maps each message to its row (a message that cannot be mapped is invalid data) and holds
 * the rows; {@link #flush} writes everything held in <b>one transaction</b> and commits. The runtime acknowledges
 * the messages to Danube only after that commit, so an acknowledged message is always in the table. When a flush
 * fails, the transaction is rolled back and nothing is kept: the runtime hands the messages over again, and with
 * {@code insert_mode = "upsert"} a message written twice still leaves one row.
 */
public final class JdbcSink implements SinkConnector {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSink.class);

    private final Function<ConnectorConfig, JdbcSinkSettings> settingsReader;
    private final Map<String, TableWriter> writersByTopic = new LinkedHashMap<>();
    private final Map<TableWriter, List<Row>> pending = new LinkedHashMap<>();
    private int pendingRows;
    private JdbcSinkSettings settings;
    private HikariDataSource pool;

    public JdbcSink() {
        this(JdbcSinkSettings::from);
    }

    /** With another way to read the settings (tests pass their own environment). */
    JdbcSink(Function<ConnectorConfig, JdbcSinkSettings> settingsReader) {
        this.settingsReader = settingsReader;
    }

    @Override
    public void initialize(ConnectorConfig config) {
        settings = settingsReader.apply(config);
        settings.routes().forEach(r -> writersByTopic.put(r.danube().from(), new TableWriter(r, settings.dialect())));
        pool = new HikariDataSource(poolConfig(config.connectorName()));
        try (Connection connection = pool.getConnection()) {
            for (TableWriter writer : writersByTopic.values()) {
                TableCheck.prepare(connection, writer, settings.dialect());
                LOG.info("sink-jdbc: route {}", writer.route());
            }
        } catch (SQLException e) {
            pool.close();
            throw new FatalException("sink-jdbc cannot prepare its tables at " + settings.redactedUrl()
                    + (settings.username() == null ? "" : " as " + settings.username()) + ": "
                    + SqlErrors.classify(e, "connecting", null).getMessage(), e);
        } catch (ConfigurationException e) {
            pool.close();
            throw e;
        }
    }

    private HikariConfig poolConfig(String connectorName) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("sink-jdbc-" + connectorName);
        hikari.setJdbcUrl(settings.url());
        if (settings.username() != null) {
            hikari.setUsername(settings.username());
        }
        if (settings.password() != null) {
            hikari.setPassword(settings.password());
        }
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(settings.connectionTimeout().toMillis());
        hikari.setValidationTimeout(Math.min(5_000, settings.connectionTimeout().toMillis()));
        hikari.setAutoCommit(false);
        // the first connection is opened by initialize(), which reports a failure with the URL and the reason
        hikari.setInitializationFailTimeout(-1);
        settings.dialect().driverProperties().forEach((name, value) -> {
            if (!settings.url().contains(name + "=")) {
                hikari.addDataSourceProperty(name, value);
            }
        });
        return hikari;
    }

    @Override
    public List<ConsumerConfig> consumerConfigs() {
        return settings.routes().stream().map(r -> r.danube().consumerConfig()).toList();
    }

    /**
     * Maps and holds the messages for the next {@link #flush}; all or none of them.
     *
     * @throws com.danubemessaging.connect.api.InvalidDataException when a message cannot be mapped to a row
     */
    @Override
    public void processBatch(List<SinkRecord> records) {
        List<Map.Entry<TableWriter, Row>> rows = new ArrayList<>(records.size());
        for (SinkRecord record : records) {
            TableWriter writer = writersByTopic.get(record.topic());
            if (writer == null) {
                throw new FatalException("sink-jdbc received a message of " + record.topic()
                        + ", which no route consumes (routes: " + writersByTopic.keySet() + ")");
            }
            rows.add(Map.entry(writer, RowMapper.map(writer.route(), record)));
        }
        rows.forEach(e -> pending.computeIfAbsent(e.getKey(), w -> new ArrayList<>()).add(e.getValue()));
        pendingRows += rows.size();
    }

    /**
     * Writes every held row in one transaction and commits.
     *
     * @throws com.danubemessaging.connect.api.InvalidDataException on a constraint violation or bad value (the
     *                                                              runtime then retries message by message)
     * @throws RetryableException   when the database cannot be reached or the transaction must be retried
     * @throws FatalException       on errors no retry can fix (missing table or column, permission denied)
     */
    @Override
    public void flush() {
        if (pendingRows == 0) {
            return;
        }
        int rows = pendingRows;
        byte[] onlyPayload = rows == 1 ? pending.values().iterator().next().get(0).record().payload() : null;
        String what = "writing " + rows + " row(s) to " + pending.keySet().stream()
                .map(w -> w.route().table().toString()).distinct().toList();
        try (Connection connection = pool.getConnection()) {
            try {
                for (Map.Entry<TableWriter, List<Row>> entry : pending.entrySet()) {
                    entry.getKey().write(connection, entry.getValue());
                }
                connection.commit();
            } catch (SQLException e) {
                rollback(connection);
                throw SqlErrors.classify(e, what, onlyPayload);
            }
        } catch (SQLException e) {
            throw SqlErrors.classify(e, what, onlyPayload);
        } finally {
            // written or not, the runtime hands over again whatever was not acknowledged
            pending.clear();
            pendingRows = 0;
        }
    }

    /** Fails while no valid connection can be had within {@code connection_timeout_ms}. */
    @Override
    public void healthCheck() {
        try (Connection connection = pool.getConnection()) {
            if (!connection.isValid((int) Math.max(1, settings.connectionTimeout().toSeconds()))) {
                throw new RetryableException("sink-jdbc: the connection to " + settings.redactedUrl()
                        + " is not valid");
            }
        } catch (SQLException e) {
            throw SqlErrors.classify(e, "sink-jdbc health check", null);
        }
    }

    @Override
    public void shutdown() {
        if (pool != null) {
            pool.close();
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debug("sink-jdbc: rollback after a failed write failed too (the pool drops the connection): {}",
                    e.toString());
        }
    }
}
