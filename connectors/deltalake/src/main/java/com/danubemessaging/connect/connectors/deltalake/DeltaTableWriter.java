package com.danubemessaging.connect.connectors.deltalake;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.connectors.common.RoutedSink;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.ConcurrentWriteException;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One route's Delta table: the rows waiting for the next flush, and the commit that appends them. Each flush is one
 * Delta commit that carries, besides the new data files, a {@code txn} action (application id
 * {@code danube-connect:<subscription>}, version = the commit's sequence number) and the subscription's
 * {@link OffsetLedger} as domain metadata. Before writing, the messages the ledger already holds are dropped, so a
 * batch redelivered after a crash between the commit and the acks is not committed twice.
 */
final class DeltaTableWriter implements RoutedSink.Writer {
    private static final Logger LOG = LoggerFactory.getLogger(DeltaTableWriter.class);
    private static final String ENGINE_INFO = "danube-connect sink-deltalake";
    private static final int COMMIT_ATTEMPTS = 5;

    private final DeltaRoute route;
    private final Engine engine;
    private final String location;
    private final Table table;
    private final RowConverter converter;
    private final CommitObserver observer;
    private final List<SinkRecord> pendingRecords = new ArrayList<>();
    private final List<Object[]> pendingRows = new ArrayList<>();
    private final StructType schema;

    private DeltaTableWriter(DeltaRoute route, Engine engine, String location, StructType schema,
                             CommitObserver observer) {
        this.route = route;
        this.engine = engine;
        this.location = location;
        this.table = Table.forPath(engine, location);
        this.schema = schema;
        this.converter = new RowConverter(route, schema);
        this.observer = observer;
    }

    /**
     * Opens the route's table: checks an existing one against the configured columns and proves it can be written,
     * or creates a missing one (when allowed).
     *
     * @throws ConfigurationException naming the route, the location and the column or the reason
     */
    static DeltaTableWriter open(DeltaRoute route, Engine engine, Configuration hadoop, CommitObserver observer) {
        String location = StorageConfiguration.tableLocation(route.table());
        StructType configured = configuredSchema(route);
        StructType schema;
        try {
            Table table = Table.forPath(engine, location);
            Snapshot snapshot;
            try {
                snapshot = table.getLatestSnapshot(engine);
            } catch (TableNotFoundException missing) {
                if (!route.createTable()) {
                    throw new ConfigurationException("deltalake route " + route.label() + ": there is no Delta table"
                            + " at " + location + " and create_table = false");
                }
                create(route, table, engine, configured, location);
                return new DeltaTableWriter(route, engine, location, configured, observer);
            }
            schema = snapshot.getSchema();
            checkExisting(route, snapshot, configured);
            probeWriteAccess(route, location, hadoop);
        } catch (KernelException | UncheckedIOException | io.delta.kernel.exceptions.KernelEngineException e) {
            String reason = rootMessage(e);
            String hint = reason.contains("S3AFileSystem not found") ? "; S3A is not on the class path: put"
                    + " hadoop-aws and the AWS SDK bundle into the runtime's plugins directory (README \"S3\")" : "";
            throw new ConfigurationException("deltalake route " + route.label() + ": cannot read the Delta table at "
                    + location + ": " + reason + hint, e);
        }
        return new DeltaTableWriter(route, engine, location, schema, observer);
    }

    private static StructType configuredSchema(DeltaRoute route) {
        StructType schema = new StructType();
        for (DeltaColumn column : route.columns()) {
            schema = schema.add(column.name(), column.type().delta(), column.nullable());
        }
        if (route.includeDanubeMetadata()) {
            schema = schema.add(DeltaRoute.METADATA_COLUMN, StringType.STRING, false);
        }
        return schema;
    }

    private static void checkExisting(DeltaRoute route, Snapshot snapshot, StructType configured) {
        String prefix = "deltalake route " + route.label() + ": ";
        if (!snapshot.getPartitionColumnNames().isEmpty()) {
            throw new ConfigurationException(prefix + "the table is partitioned by "
                    + snapshot.getPartitionColumnNames() + "; this sink appends to unpartitioned tables only");
        }
        StructType actual = snapshot.getSchema();
        for (StructField wanted : configured.fields()) {
            StructField field = field(actual, wanted.getName());
            if (field == null) {
                throw new ConfigurationException(prefix + "the table has no column '" + wanted.getName()
                        + "' (its columns: " + String.join(", ", actual.fieldNames()) + ")");
            }
            if (!field.getDataType().equivalent(wanted.getDataType())) {
                throw new ConfigurationException(prefix + "column '" + wanted.getName() + "' is "
                        + field.getDataType() + " in the table, but field_mappings makes it " + wanted.getDataType());
            }
            if (!field.isNullable() && wanted.isNullable()) {
                throw new ConfigurationException(prefix + "column '" + wanted.getName() + "' is NOT NULL in the"
                        + " table; set nullable = false in its field mapping");
            }
        }
        for (StructField field : actual.fields()) {
            if (field(configured, field.getName()) == null && !field.isNullable()) {
                throw new ConfigurationException(prefix + "the table's NOT NULL column '" + field.getName()
                        + "' has no field mapping");
            }
        }
    }

    /** The field named {@code name}, or null ({@link StructType#get} throws for a missing one). */
    static StructField field(StructType schema, String name) {
        return schema.fields().stream().filter(f -> f.getName().equals(name)).findFirst().orElse(null);
    }

    /** Writes and deletes a small file where the data files go, so a read-only location fails at start. */
    private static void probeWriteAccess(DeltaRoute route, String location, Configuration hadoop) {
        Path probe = new Path(location, ".danube-connect-write-probe-" + UUID.randomUUID());
        try {
            FileSystem fs = FileSystem.get(URI.create(location), hadoop);
            fs.create(probe, false).close();
            fs.delete(probe, false);
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException("deltalake route " + route.label() + ": cannot write to " + location
                    + ": " + rootMessage(e), e);
        }
    }

    private static void create(DeltaRoute route, Table table, Engine engine, StructType schema, String location) {
        try {
            Transaction txn = table.createTransactionBuilder(engine, ENGINE_INFO, Operation.CREATE_TABLE)
                    .withSchema(engine, schema)
                    .withDomainMetadataSupported()
                    .build(engine);
            txn.commit(engine, CloseableIterable.emptyIterable());
            LOG.info("sink-deltalake: created the Delta table {} with columns {}", location, schema.fieldNames());
        } catch (RuntimeException e) {
            if (e instanceof io.delta.kernel.exceptions.TableAlreadyExistsException) {
                return; // another replica created it first
            }
            throw new ConfigurationException("deltalake route " + route.label() + ": cannot create the Delta table at "
                    + location + ": " + rootMessage(e), e);
        }
    }

    /** Converts and keeps the record. @throws InvalidDataException when it does not fit the table */
    @Override
    public void add(SinkRecord record) {
        pendingRows.add(converter.convert(record));
        pendingRecords.add(record);
    }

    /** Forgets the pending rows (the runtime hands the records over again after a failure). */
    @Override
    public void discard() {
        pendingRecords.clear();
        pendingRows.clear();
    }

    /**
     * Appends the pending rows that the table does not hold yet, in one commit, then forgets them.
     *
     * @throws RetryableException when storage fails or other writers keep winning the commit
     * @throws FatalException when the table no longer fits (schema or protocol changed under the sink)
     */
    @Override
    public void flush() {
        if (pendingRecords.isEmpty()) {
            return;
        }
        try {
            for (int attempt = 1; attempt <= COMMIT_ATTEMPTS; attempt++) {
                if (tryCommit(attempt)) {
                    return;
                }
            }
            throw new RetryableException("deltalake route " + route.label() + ": " + COMMIT_ATTEMPTS
                    + " commit attempts in a row lost to concurrent writers of " + location);
        } catch (UncheckedIOException | io.delta.kernel.exceptions.KernelEngineException e) {
            throw new RetryableException("deltalake route " + route.label() + ": writing to " + location
                    + " failed: " + rootMessage(e), e);
        } catch (KernelException e) {
            throw new FatalException("deltalake route " + route.label() + ": Delta refused the commit to " + location
                    + ": " + rootMessage(e), e);
        } finally {
            discard();
        }
    }

    /** One attempt; false when a concurrent commit won and the attempt must be redone on the new snapshot. */
    private boolean tryCommit(int attempt) {
        Snapshot snapshot = table.getLatestSnapshot(engine);
        String domain = route.applicationId();
        OffsetLedger ledger = OffsetLedger.parse(snapshot.getDomainMetadata(domain).orElse(null));
        OffsetLedger next = ledger.next();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < pendingRecords.size(); i++) {
            SinkRecord record = pendingRecords.get(i);
            if (!next.contains(record)) {
                next.add(record);
                rows.add(pendingRows.get(i));
            }
        }
        int skipped = pendingRecords.size() - rows.size();
        if (rows.isEmpty()) {
            LOG.info("sink-deltalake route {}: all {} records are already in the table (redelivered), nothing to"
                    + " commit", route.label(), skipped);
            return true;
        }
        if (next.pruned()) {
            LOG.warn("sink-deltalake route {}: more than {} offset ranges in a partition; the oldest gap was closed",
                    route.label(), OffsetLedger.MAX_RANGES_PER_PARTITION);
        }
        Transaction txn;
        try {
            txn = table.createTransactionBuilder(engine, ENGINE_INFO, Operation.WRITE)
                    .withTransactionId(engine, domain, next.sequence())
                    .withDomainMetadataSupported()
                    .build(engine);
        } catch (io.delta.kernel.exceptions.ConcurrentTransactionException e) {
            LOG.info("sink-deltalake route {}: another writer committed as {} first (attempt {}); retrying",
                    route.label(), domain, attempt);
            return false;
        }
        List<DataFileStatus> files = writeFiles(txn, rows);
        txn.addDomainMetadata(domain, next.toJson());
        TransactionCommitResult result;
        try {
            result = txn.commit(engine, CloseableIterable.inMemoryIterable(appendActions(txn, files)));
        } catch (ConcurrentWriteException e) {
            LOG.info("sink-deltalake route {}: a concurrent commit to {} won (attempt {}): {}; retrying",
                    route.label(), location, attempt, e.getMessage());
            deleteQuietly(files);
            return false;
        }
        if (skipped > 0) {
            LOG.info("sink-deltalake route {}: {} redelivered records were already in the table and were skipped",
                    route.label(), skipped);
        }
        observer.committed(location, result.getVersion(), rows.size());
        runPostCommitHooks(result);
        return true;
    }

    private List<DataFileStatus> writeFiles(Transaction txn, List<Object[]> rows) {
        Row state = txn.getTransactionState(engine);
        FilteredColumnarBatch batch = new FilteredColumnarBatch(new RowBatch(schema, rows), Optional.empty());
        DataWriteContext context = Transaction.getWriteContext(engine, state, Map.of());
        try (CloseableIterator<FilteredColumnarBatch> physical = Transaction.transformLogicalData(engine, state,
                Iterators.of(List.of(batch)), Map.of());
             CloseableIterator<DataFileStatus> written = engine.getParquetHandler().writeParquetFiles(
                     context.getTargetDirectory(), physical, context.getStatisticsColumns())) {
            return written.toInMemoryList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CloseableIterator<Row> appendActions(Transaction txn, List<DataFileStatus> files) {
        Row state = txn.getTransactionState(engine);
        DataWriteContext context = Transaction.getWriteContext(engine, state, Map.of());
        return Transaction.generateAppendActions(engine, state, Iterators.of(files), context);
    }

    private void deleteQuietly(List<DataFileStatus> files) {
        for (DataFileStatus file : files) {
            try {
                engine.getFileSystemClient().delete(file.getPath());
            } catch (IOException | RuntimeException e) {
                LOG.debug("could not delete the unused data file {}: {}", file.getPath(), e.toString());
            }
        }
    }

    /** Checkpoints and the like; the commit already counts, so a failure here is only logged. */
    private void runPostCommitHooks(TransactionCommitResult result) {
        for (PostCommitHook hook : result.getPostCommitHooks()) {
            try {
                hook.threadSafeInvoke(engine);
            } catch (IOException | RuntimeException e) {
                LOG.warn("sink-deltalake: {} after version {} of {} failed: {}", hook.getType(), result.getVersion(),
                        location, e.toString());
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }
}
