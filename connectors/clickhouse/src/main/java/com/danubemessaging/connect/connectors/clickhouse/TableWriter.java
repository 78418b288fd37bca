package com.danubemessaging.connect.connectors.clickhouse;

import com.danubemessaging.connect.api.ConfigurationException;
import com.danubemessaging.connect.api.FatalException;
import com.danubemessaging.connect.api.InvalidDataException;
import com.danubemessaging.connect.api.RetryableException;
import com.danubemessaging.connect.api.SinkRecord;
import com.danubemessaging.connect.connectors.common.FieldMapping;
import com.danubemessaging.connect.connectors.common.RoutedSink;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of one route waiting for the next flush, and the INSERT that writes them: one INSERT per route and
 * flush, so a batch lands in one block. Opening it checks (or creates) the table and the columns.
 */
final class TableWriter implements RoutedSink.Writer {
    private static final Logger LOG = LoggerFactory.getLogger(TableWriter.class);

    private final ClickHouseRoute route;
    private final ClickHouseServer server;
    private final RowEncoder encoder;
    private final boolean sendToken;
    private final ByteArrayOutputStream rows = new ByteArrayOutputStream();
    private final List<SinkRecord> pending = new ArrayList<>();

    private TableWriter(ClickHouseRoute route, ClickHouseServer server, RowEncoder encoder, boolean sendToken) {
        this.route = route;
        this.server = server;
        this.encoder = encoder;
        this.sendToken = sendToken;
    }

    /**
     * Finds (or creates) the route's table, binds the columns and proves the login may insert into it.
     *
     * @param sendToken whether each INSERT carries an {@code insert_deduplication_token}
     * @throws ConfigurationException naming the route and the table or column when it cannot work
     */
    static TableWriter open(ClickHouseRoute route, ClickHouseServer server, boolean sendToken) {
        List<TableColumn> columns = tableColumns(route, server);
        RowEncoder encoder = RowEncoder.forTable(route, columns);
        warnOnTypeDifferences(route, columns);
        try {
            server.insert(route.sqlTable(), new byte[0], Optional.empty());
        } catch (ClickHouseCallFailed e) {
            throw new ConfigurationException("clickhouse route " + route.label() + ": the login cannot insert into "
                    + route.qualifiedTable() + ": " + e.getMessage(), e);
        }
        warnWhenRedeliveriesStay(route, server);
        return new TableWriter(route, server, encoder, sendToken);
    }

    private static List<TableColumn> tableColumns(ClickHouseRoute route, ClickHouseServer server) {
        List<TableColumn> columns = server.columns(route.database(), route.table());
        if (!columns.isEmpty()) {
            return columns;
        }
        if (!route.createTable()) {
            throw new ConfigurationException("clickhouse route " + route.label() + ": table " + route.qualifiedTable()
                    + " does not exist; create it, or set create_table = true with field_mappings that give each"
                    + " column's data_type");
        }
        createTable(route, server);
        return server.columns(route.database(), route.table());
    }

    private static void createTable(ClickHouseRoute route, ClickHouseServer server) {
        StringJoiner columns = new StringJoiner(", ");
        for (FieldMapping mapping : route.mappings()) {
            columns.add(Identifiers.quote(mapping.column()) + " " + mapping.dataType().orElseThrow());
        }
        if (route.includeDanubeMetadata()) {
            for (String name : DanubeMetadataColumns.ordered()) {
                columns.add(Identifiers.quote(name) + " " + DanubeMetadataColumns.TYPES.get(name));
            }
        }
        String sql = "CREATE TABLE IF NOT EXISTS " + route.sqlTable() + " (" + columns + ") ENGINE = "
                + route.engine() + route.partitionBy().map(p -> " PARTITION BY " + p).orElse("")
                + " ORDER BY " + route.orderBy();
        try {
            server.execute(sql);
        } catch (ClickHouseCallFailed e) {
            throw new ConfigurationException("clickhouse route " + route.label() + ": cannot create table "
                    + route.qualifiedTable() + " (create_table = true): " + e.getMessage(), e);
        }
        LOG.info("sink-clickhouse: created table {}: {}", route.qualifiedTable(), sql);
    }

    private static void warnOnTypeDifferences(ClickHouseRoute route, List<TableColumn> columns) {
        for (FieldMapping mapping : route.mappings()) {
            columns.stream().filter(c -> c.name().equals(mapping.column())).findFirst().ifPresent(c -> {
                String declared = mapping.dataType().orElse(c.typeName());
                if (!declared.replace(" ", "").equals(c.typeName().replace(" ", ""))) {
                    LOG.warn("sink-clickhouse route {}: column '{}' is {} in the table, field_mappings says {};"
                            + " values are checked against the table's type", route.label(), c.name(), c.typeName(),
                            declared);
                }
            });
        }
    }

    private static void warnWhenRedeliveriesStay(ClickHouseRoute route, ClickHouseServer server) {
        String engine = server.text("SELECT engine FROM system.tables WHERE database = "
                + Identifiers.literal(route.database()) + " AND name = " + Identifiers.literal(route.table())).trim();
        if (!route.includeDanubeMetadata() || !engine.startsWith("Replacing")) {
            LOG.info("sink-clickhouse route {}: table engine {}{}; a batch redelivered after a crash or a failed"
                    + " flush is inserted again (at-least-once). Use include_danube_metadata = true with a"
                    + " ReplacingMergeTree ordered by {} to keep one row per message (see the README).",
                    route.label(), engine, route.includeDanubeMetadata() ? "" : ", no Danube metadata columns",
                    DanubeMetadataColumns.DEDUPLICATION_KEY);
        }
    }

    /** Encodes and keeps the record. @throws InvalidDataException when a column cannot hold its value */
    @Override
    public void add(SinkRecord record) {
        byte[] line = encoder.encode(record);
        rows.writeBytes(line);
        rows.write('\n');
        pending.add(record);
    }

    /**
     * Inserts the pending rows in one INSERT, then forgets them. On failure they are forgotten too: the runtime hands
     * the same records over again.
     */
    @Override
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            server.insert(route.sqlTable(), rows.toByteArray(),
                    sendToken ? Optional.of(DeduplicationToken.of(pending)) : Optional.empty());
        } catch (ClickHouseCallFailed e) {
            throw translate(e);
        } finally {
            discard();
        }
    }

    /** Forgets the pending rows. */
    @Override
    public void discard() {
        rows.reset();
        pending.clear();
    }

    private RuntimeException translate(ClickHouseCallFailed e) {
        String message = "clickhouse route " + route.label() + ": " + e.getMessage();
        switch (FailureKind.of(e)) {
            case INVALID_DATA:
                byte[] payload = pending.size() == 1 ? pending.get(0).payload() : new byte[0];
                return new InvalidDataException(message + (pending.size() == 1 ? " (message "
                        + pending.get(0).messageId() + ")" : ""), payload, e);
            case FATAL:
                if (e.serverCode() == FailureKind.UNKNOWN_TABLE && route.createTable()) {
                    try {
                        createTable(route, server);
                    } catch (ConfigurationException createFailed) {
                        return new FatalException(createFailed.getMessage(), createFailed);
                    }
                    return new RetryableException(message + "; the table was created again", e);
                }
                return new FatalException(message, e);
            default:
                return new RetryableException(message, e);
        }
    }
}
