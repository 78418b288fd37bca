package com.danubemessaging.connect.connectors.postgrescdc;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.ConnectorConfig;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.Offset;
import com.danubemessaging.connect.api.ProducerConfig;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SourceConnector;
import com.danubemessaging.connect.api.SourceRecord;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.format.Json;
import io.debezium.engine.spi.OffsetCommitPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code source-postgres-cdc}: streams the committed inserts, updates and deletes of PostgreSQL tables to Danube, after
 * an initial snapshot, with Debezium's embedded engine and the {@code pgoutput} plugin.
 *
 * <p>At least once, nothing lost: Debezium's batch waits in an {@link AckGate} until the runtime has published it
 * and called {@link #commit}; only then are its events marked processed, their offsets written to the offset file,
 * and the LSN confirmed to PostgreSQL from that file. While Danube is down nothing is confirmed, so the slot keeps the
 * WAL and a restart streams again from the last acknowledged change.
 */
public final class PostgresCdcSource implements SourceConnector {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresCdcSource.class);
    private static final Duration ENGINE_STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> env;
    private PostgresCdcSettings settings;
    private ChangeEventRecords converter;
    private String offsetPartition;
    private String engineName;
    private int batchSize;
    private Duration pollWait;
    private volatile Engine engine;
    private boolean restartPending;

    public PostgresCdcSource() {
        this(System.getenv());
    }

    PostgresCdcSource(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** One running Debezium engine with its gate; replaced as a whole when the engine fails. */
    private static final class Engine {
        final AckGate<ChangeEvent<String, String>> gate = new AckGate<>();
        final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "postgres-cdc-debezium");
            t.setDaemon(true);
            return t;
        });
        volatile DebeziumEngine<ChangeEvent<String, String>> debezium;
        volatile Throwable failure;
        volatile boolean stopping;
    }

    @Override
    public void initialize(ConnectorConfig config) {
        settings = PostgresCdcSettings.from(config, env);
        batchSize = config.processing().batchSize();
        pollWait = config.processing().pollInterval();
        engineName = config.connectorName();
        offsetPartition = "postgres-cdc/" + settings.slotName();
        converter = new ChangeEventRecords(settings.routes());
        requireWritableOffsetFile(settings.offsetFile());
        boolean slotExists = preflight(true);
        if (slotExists && !Files.exists(settings.offsetFile()) && !"no_data".equals(settings.snapshotMode())) {
            LOG.warn("postgres-cdc: slot {} exists but offset file {} does not: the tables are read again in a new"
                    + " snapshot (their rows are sent again), then streaming goes on from the slot", settings.slotName(),
                    settings.offsetFile());
        }
        startEngine();
        LOG.info("postgres-cdc: capturing {} into {} (slot {}, publication {}, snapshot_mode {}, offsets in {})",
                settings.routes().stream().map(r -> r.table().toString()).toList(),
                settings.routes().stream().map(TableRoute::topic).distinct().toList(), settings.slotName(),
                settings.publicationName(), settings.snapshotMode(), settings.offsetFile().toAbsolutePath());
    }

    /**
     * Runs the {@link Preflight} checks.
     *
     * @param atStart an unreachable server is fatal at start (the message says why), retryable on a later restart
     * @return whether the slot already exists
     */
    private boolean preflight(boolean atStart) {
        try (Connection connection = settings.connect()) {
            new Preflight(settings).check(connection);
            return SlotState.read(connection, settings.slotName()).isPresent();
        } catch (SQLException e) {
            String message = "postgres-cdc: cannot check PostgreSQL at " + settings.host() + ":" + settings.port()
                    + " database " + settings.database() + " as user " + settings.user() + ": " + e.getMessage();
            throw atStart ? new FatalException(message, e) : new RetryableException(message, e);
        }
    }

    private static void requireWritableOffsetFile(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigurationException(PostgresCdcSettings.TABLE + ".offset_file: cannot create directory "
                    + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir) || (Files.exists(file) && !Files.isWritable(file))) {
            throw new ConfigurationException(PostgresCdcSettings.TABLE + ".offset_file: " + file.toAbsolutePath()
                    + " is not writable; point offset_file at a writable (ideally persistent) location");
        }
    }

    private void startEngine() {
        Engine next = new Engine();
        next.debezium = DebeziumEngine.create(Json.class)
                .using(DebeziumProperties.of(settings, engineName, batchSize))
                .using(OffsetCommitPolicy.always())
                .using((success, message, error) -> {
                    // any end we did not ask for is a failure, also a "successful" one: nothing would be read any more
                    if (!next.stopping) {
                        next.failure = error != null ? error
                                : new IllegalStateException("Debezium engine stopped: " + message);
                        LOG.error("postgres-cdc: Debezium engine stopped: {}", message, error);
                    }
                })
                .notifying((records, committer) -> {
                    for (ChangeEvent<String, String> done : next.gate.offer(records)) {
                        committer.markProcessed(done);
                    }
                    committer.markBatchFinished();
                })
                .build();
        next.thread.execute(next.debezium);
        engine = next;
    }

    @Override
    public List<ProducerConfig> producerConfigs() {
        Map<String, ProducerConfig> byTopic = new LinkedHashMap<>();
        for (TableRoute route : settings.routes()) {
            byTopic.putIfAbsent(route.topic(), ProducerConfig.of(route.topic(), route.partitions(),
                    route.reliableDispatch()));
        }
        return List.copyOf(byTopic.values());
    }

    @Override
    public List<SourceRecord> poll() {
        Engine current = runningEngine();
        List<AckGate.Entry<ChangeEvent<String, String>>> taken;
        try {
            taken = current.gate.take(batchSize, pollWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        List<SourceRecord> records = new ArrayList<>(taken.size());
        for (int i = 0; i < taken.size(); i++) {
            AckGate.Entry<ChangeEvent<String, String>> entry = taken.get(i);
            SourceRecord record;
            try {
                record = converter.toRecord(entry.event().key(), entry.event().value(),
                        Offset.of(offsetPartition, entry.seq()));
            } catch (InvalidDataException e) {
                if (!records.isEmpty()) {
                    current.gate.putBack(taken.subList(i, taken.size()));
                    return records;
                }
                current.gate.putBack(taken.subList(i + 1, taken.size()));
                current.gate.skip(entry.seq());
                throw e;
            }
            if (record == null) {
                current.gate.skip(entry.seq());
            } else {
                records.add(record);
            }
        }
        return records;
    }

    /** The engine, restarted first if it failed; a failure is reported once as retryable so the runtime backs off. */
    private Engine runningEngine() {
        Engine current = engine;
        Throwable failure = current.failure;
        if (failure != null) {
            stop(current);
            restartPending = true;
            throw new RetryableException("postgres-cdc: Debezium engine failed, restarting it: " + rootMessage(failure),
                    failure);
        }
        if (restartPending) {
            preflight(false);
            startEngine();
            restartPending = false;
            LOG.info("postgres-cdc: Debezium engine restarted; it resumes from the last acknowledged offset");
        }
        return engine;
    }

    @Override
    public void commit(List<Offset> offsets) {
        Engine current = engine;
        for (Offset offset : offsets) {
            if (offsetPartition.equals(offset.partition())) {
                current.gate.acknowledged(offset.value());
            }
        }
    }

    @Override
    public void healthCheck() {
        Engine current = engine;
        if (current != null && current.failure != null) {
            throw new RetryableException("postgres-cdc: Debezium engine is not running: "
                    + rootMessage(current.failure));
        }
        Optional<SlotState> slot;
        try (Connection connection = settings.connect()) {
            slot = SlotState.read(connection, settings.slotName());
        } catch (SQLException e) {
            throw new RetryableException("postgres-cdc: PostgreSQL is unreachable: " + e.getMessage(), e);
        }
        if (slot.isPresent() && slot.get().lost()) {
            throw new FatalException(slot.get().lostMessage(settings.offsetFile()));
        }
        slot.ifPresent(s -> LOG.debug("postgres-cdc: slot {} confirmed at {}, holds {} bytes of WAL", s.name(),
                s.confirmedFlushLsn(), s.retainedBytes()));
    }

    @Override
    public void shutdown() {
        Engine current = engine;
        if (current != null) {
            stop(current);
        }
    }

    /** Releases the batch waiting for acknowledgements (its acknowledged part is committed) and stops the engine. */
    private static void stop(Engine current) {
        current.stopping = true;
        current.gate.close();
        try {
            if (current.debezium != null) {
                current.debezium.close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("postgres-cdc: closing the Debezium engine failed: {}", e.toString());
        }
        current.thread.shutdown();
        try {
            if (!current.thread.awaitTermination(ENGINE_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("postgres-cdc: the Debezium engine did not stop within {} s",
                        ENGINE_STOP_TIMEOUT.toSeconds());
                current.thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root.getMessage() + ")";
    }
}
