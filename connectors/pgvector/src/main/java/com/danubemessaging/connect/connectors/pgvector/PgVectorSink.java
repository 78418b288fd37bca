package com.danubemessaging.connect.connectors.pgvector;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.connectors.common.RoutedSink;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sink-pgvector}: writes vector records ({@code {"id"?, "vector", "payload"?}}, as the Rust sink-qdrant reads
 * them) into PostgreSQL tables with pgvector, one row per id. {@link #processBatch} checks and buffers the records;
 * {@link #flush} upserts each route's rows in one transaction, and the runtime acknowledges the messages only after
 * that commit. The pool holds one connection: the runtime calls the sink from one thread, and one session is also
 * all PGlite (the tests' pgvector) serves.
 */
public final class PgVectorSink extends RoutedSink<CollectionWriter> {
    private static final Logger LOG = LoggerFactory.getLogger(PgVectorSink.class);

    private final Map<String, String> env;
    private PgVectorSettings settings;
    private HikariDataSource pool;

    /** Reads the env overrides from the process environment. */
    public PgVectorSink() {
        this(System.getenv());
    }

    /** With an explicit environment (tests). */
    public PgVectorSink(Map<String, String> env) {
        super("sink-pgvector");
        this.env = Map.copyOf(env);
    }

    @Override
    public void initialize(ConnectorConfig config) {
        settings = PgVectorSettings.from(config, env);
        pool = new HikariDataSource(poolConfig(config.connectorName()));
        String version;
        try (Connection connection = pool.getConnection()) {
            version = connection.getMetaData().getDatabaseProductVersion();
            for (PgVectorRoute route : settings.routes()) {
                CollectionTable.prepare(connection, route);
                addRoute(route.source(), new CollectionWriter(route, pool));
            }
        } catch (SQLException e) {
            pool.close();
            String state = SqlFailures.state(e);
            if (state != null && state.startsWith("28")) {
                throw new ConfigurationException("pgvector.username / pgvector.password: PostgreSQL at "
                        + settings.redactedUrl() + " refused the login of '" + settings.username() + "': "
                        + e.getMessage(), e);
            }
            throw new FatalException("sink-pgvector cannot prepare its tables at " + settings.redactedUrl() + " as '"
                    + settings.username() + "'" + (state == null ? "" : " (SQLSTATE " + state + ")") + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        LOG.info("sink-pgvector: PostgreSQL {} at {} as '{}'; routes {}", version, settings.redactedUrl(),
                settings.username(), settings.routes().stream().map(r -> r.label() + " (vector(" + r.dimension()
                        + "), " + r.distance().configName() + ")").toList());
    }

    private HikariConfig poolConfig(String connectorName) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("sink-pgvector-" + connectorName);
        hikari.setJdbcUrl(settings.url());
        hikari.setUsername(settings.username());
        if (settings.password() != null) {
            hikari.setPassword(settings.password());
        }
        hikari.setMaximumPoolSize(1);
        hikari.setMinimumIdle(1);
        hikari.setAutoCommit(false);
        long timeoutMs = settings.timeout().toMillis();
        hikari.setConnectionTimeout(timeoutMs);
        hikari.setValidationTimeout(Math.min(5_000, timeoutMs));
        // initialize() opens the first connection itself and reports a failure with the URL and the reason
        hikari.setInitializationFailTimeout(-1);
        Map<String, String> driver = Map.of(
                "connectTimeout", Long.toString(settings.timeout().toSeconds()),
                "socketTimeout", Long.toString(settings.timeout().toSeconds()),
                // one multi-row INSERT per batch instead of one statement per row; ids are unique per batch
                "reWriteBatchedInserts", "true",
                "ApplicationName", "sink-pgvector " + connectorName);
        driver.forEach((name, value) -> {
            if (!settings.url().contains(name + "=")) {
                hikari.addDataSourceProperty(name, value);
            }
        });
        return hikari;
    }

    /** Fails while no valid connection can be had within {@code timeout_secs}. */
    @Override
    public void healthCheck() {
        try (Connection connection = pool.getConnection()) {
            if (!connection.isValid((int) Math.min(30, settings.timeout().toSeconds()))) {
                throw new RetryableException("sink-pgvector: the connection to " + settings.redactedUrl()
                        + " is not valid");
            }
        } catch (SQLException e) {
            throw SqlFailures.classify(e, "sink-pgvector health check at " + settings.redactedUrl(), null);
        }
    }

    @Override
    public void shutdown() {
        if (pool != null) {
            pool.close();
        }
    }
}
