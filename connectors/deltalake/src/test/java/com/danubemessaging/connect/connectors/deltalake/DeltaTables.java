package com.danubemessaging.connect.connectors.deltalake;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a Delta table back with Delta Kernel, independently of the sink: every row of the latest snapshot as a map
 * column → Java value, plus the log facts the tests check (version, txn versions, domain metadata).
 */
public final class DeltaTables {
    private final Engine engine = DefaultEngine.create(new Configuration());
    private final String location;

    public DeltaTables(String location) {
        this.location = location;
    }

    public Snapshot snapshot() {
        return Table.forPath(engine, location).getLatestSnapshot(engine);
    }

    public long version() {
        return snapshot().getVersion();
    }

    /** The last {@code txn} version recorded for {@code appId}. */
    public Optional<Long> transactionVersion(String appId) {
        return ((SnapshotImpl) snapshot()).getLatestTransactionVersion(engine, appId);
    }

    public Optional<String> domainMetadata(String domain) {
        return snapshot().getDomainMetadata(domain);
    }

    /** Every row of the latest version. */
    public List<Map<String, Object>> rows() {
        Snapshot snapshot = snapshot();
        Scan scan = snapshot.getScanBuilder().build();
        Row scanState = scan.getScanState(engine);
        StructType physicalSchema = io.delta.kernel.internal.data.ScanStateRow.getPhysicalDataReadSchema(engine,
                scanState);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
            while (scanFiles.hasNext()) {
                FilteredColumnarBatch files = scanFiles.next();
                try (CloseableIterator<Row> fileRows = files.getRows()) {
                    while (fileRows.hasNext()) {
                        Row scanFile = fileRows.next();
                        FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
                        CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler().readParquetFiles(
                                io.delta.kernel.internal.util.Utils.singletonCloseableIterator(file), physicalSchema,
                                Optional.empty());
                        try (CloseableIterator<FilteredColumnarBatch> data = Scan.transformPhysicalData(engine,
                                scanState, scanFile, physical)) {
                            while (data.hasNext()) {
                                addRows(data.next(), rows);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static void addRows(FilteredColumnarBatch filtered, List<Map<String, Object>> rows) {
        ColumnarBatch batch = filtered.getData();
        Optional<ColumnVector> selection = filtered.getSelectionVector();
        StructType schema = batch.getSchema();
        for (int r = 0; r < batch.getSize(); r++) {
            if (selection.isPresent() && (selection.get().isNullAt(r) || !selection.get().getBoolean(r))) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < schema.length(); c++) {
                ColumnVector v = batch.getColumnVector(c);
                row.put(schema.at(c).getName(), v.isNullAt(r) ? null : value(v, r));
            }
            rows.add(row);
        }
    }

    private static Object value(ColumnVector v, int r) {
        DataType t = v.getDataType();
        if (t instanceof StringType) {
            return v.getString(r);
        } else if (t instanceof LongType || t instanceof TimestampType) {
            return v.getLong(r);
        } else if (t instanceof IntegerType || t instanceof DateType) {
            return v.getInt(r);
        } else if (t instanceof ShortType) {
            return v.getShort(r);
        } else if (t instanceof ByteType) {
            return v.getByte(r);
        } else if (t instanceof DoubleType) {
            return v.getDouble(r);
        } else if (t instanceof FloatType) {
            return v.getFloat(r);
        } else if (t instanceof BooleanType) {
            return v.getBoolean(r);
        } else if (t instanceof DecimalType) {
            return v.getDecimal(r);
        } else if (t instanceof BinaryType) {
            return v.getBinary(r);
        }
        throw new IllegalArgumentException("no reader for " + t);
    }
}
